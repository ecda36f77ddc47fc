"use client";

// The IC's controls on an incident: status, severity and roles are picked first and changed only when
// confirmed (./confirm-change) — a focused select moved with the arrow keys changes nothing. Taking over
// asks for a briefing.
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from "react";
import type { Incident, UpdateIncidentBody } from "@/lib/incidents/contract";
import { canTransition, SEVERITY_OPTIONS } from "@/lib/incidents/rules";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { PersonSelect } from "./person-select";
import { ConfirmChange } from "./confirm-change";
import type { People } from "./people";
import { control } from "@/components/ui/control";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, isOpen } from "@/lib/vocabulary";
import { oneOf } from "@/lib/client/one-of";

type Draft = Pick<Incident, "status" | "severity" | "commander_id" | "roles">;
const ROLES = ["scribe", "communications"] as const;

const draftOf = (i: Incident): Draft => ({
  status: i.status,
  severity: i.severity,
  commander_id: i.commander_id,
  roles: { ...i.roles },
});

/** The draft over a newer incident: a field someone else changed takes their value, the rest keep the draft's. */
function rebase(was: Incident, now: Incident, d: Draft): Draft {
  const next = draftOf(now);
  const same = (k: keyof Draft) => JSON.stringify(was[k]) === JSON.stringify(now[k]);
  return {
    status: same("status") ? d.status : next.status,
    severity: same("severity") ? d.severity : next.severity,
    commander_id: same("commander_id") ? d.commander_id : next.commander_id,
    roles: same("roles") ? d.roles : next.roles,
  };
}

/** The fields of the draft that differ from the incident, as the PATCH body. */
function changes(i: Incident, d: Draft): Omit<UpdateIncidentBody, "note"> {
  const body: Omit<UpdateIncidentBody, "note"> = {};
  if (d.status !== i.status) body.status = d.status;
  if (d.severity !== i.severity) body.severity = d.severity;
  if (d.commander_id !== i.commander_id) body.commander_id = d.commander_id;
  if (JSON.stringify(d.roles) !== JSON.stringify(i.roles)) body.roles = d.roles;
  return body;
}

/**
 * Keyboard around the confirm panel: Enter on a changed control moves into the panel; when the panel
 * goes (confirmed, cancelled with Esc, or overtaken by someone else's change) focus returns to the
 * control that was changed instead of dropping to the page.
 */
function useConfirmFocus(dirty: boolean, panel: RefObject<HTMLFormElement | null>) {
  const control = useRef<HTMLElement | null>(null);
  const wasDirty = useRef(dirty);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (wasDirty.current && !dirty && lost) control.current?.focus();
    wasDirty.current = dirty;
  }, [dirty]);
  return {
    remember: (e: FocusEvent<HTMLElement>) => {
      if (e.target instanceof HTMLSelectElement) control.current = e.target;
    },
    enter: (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== "Enter" || !(e.target instanceof HTMLSelectElement) || !panel.current) return;
      e.preventDefault();
      panel.current.querySelector<HTMLElement>("textarea, input, button")?.focus();
    },
  };
}

export function Controls({
  id,
  incident: i,
  people,
  me,
}: {
  id: string;
  incident: Incident;
  people: People;
  me: string;
}) {
  const m = useIncidentMutations(id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(i));
  const [base, setBase] = useState(i);
  const [briefing, setBriefing] = useState<null | { known: string; ruled_out: string; last_customer_update: string }>(
    null,
  );
  // The incident changed underneath (live, or by this confirm): pick up what others changed, and keep the
  // pending choices of fields nobody else touched (a timeline entry or a refetch does not drop them).
  if (base !== i) {
    setBase(i);
    setDraft(rebase(base, i, draft));
  }
  const pending = changes(i, draft);
  const dirty = Object.keys(pending).length > 0;
  const name = (uid: string | null) => (uid ? (people[uid] ?? uid) : "none");
  const lines = [
    pending.status && `Status ${i.status} → ${pending.status}`,
    pending.severity && `Severity ${i.severity.toUpperCase()} → ${pending.severity.toUpperCase()}`,
    pending.commander_id !== undefined && `Incident commander ${name(i.commander_id)} → ${name(pending.commander_id)}`,
    ...ROLES.filter((r) => pending.roles && (pending.roles[r] ?? null) !== (i.roles[r] ?? null)).map(
      (r) => `${r.charAt(0).toUpperCase()}${r.slice(1)} ${name(i.roles[r] ?? null)} → ${name(draft.roles[r] ?? null)}`,
    ),
  ].filter((line): line is string => typeof line === "string" && line !== "");
  const error = m.update.error ?? m.takeover.error;
  const cancel = () => {
    setDraft(draftOf(i));
    m.update.reset();
  };
  const panel = useRef<HTMLFormElement>(null);
  const focus = useConfirmFocus(dirty, panel);
  return (
    <div className="mt-4 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-end gap-3" onFocus={focus.remember} onKeyDown={focus.enter}>
        <SelectField
          label="Status"
          value={draft.status}
          onChange={(v) => setDraft({ ...draft, status: oneOf(INCIDENT_STATUSES, v) ?? draft.status })}
          options={INCIDENT_STATUSES.filter((s) => s === i.status || canTransition(i.status, s)).map(
            (s) => [s, s === i.status ? s : s === "investigating" ? "reopen → investigating" : `→ ${s}`] as const,
          )}
        />
        <SelectField
          label="Severity"
          value={draft.severity}
          onChange={(v) => setDraft({ ...draft, severity: oneOf(INCIDENT_SEVERITIES, v) ?? draft.severity })}
          options={SEVERITY_OPTIONS}
        />
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Incident commander
          <PersonSelect
            label="Incident commander"
            className="mt-0.5 block"
            value={draft.commander_id ?? ""}
            people={people}
            onChange={(v) => setDraft({ ...draft, commander_id: v || null })}
          />
        </label>
        {ROLES.map((role) => (
          <label key={role} className="text-xs font-medium text-zinc-600 capitalize dark:text-zinc-400">
            {role}
            <PersonSelect
              label={role}
              className="mt-0.5 block"
              value={draft.roles[role] ?? ""}
              people={people}
              onChange={(v) => {
                const roles = { ...draft.roles };
                if (v) roles[role] = v;
                else delete roles[role];
                setDraft({ ...draft, roles });
              }}
            />
          </label>
        ))}
        {i.commander_id !== me && isOpen(i.status) && (
          <Button
            variant="secondary"
            onClick={() => setBriefing({ known: "", ruled_out: "", last_customer_update: "" })}
          >
            Take over as IC
          </Button>
        )}
      </div>
      {dirty && (
        <ConfirmChange ref={panel} incident={i} pending={pending} lines={lines} update={m.update} onCancel={cancel} />
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
      {briefing && (
        <form
          aria-label="Takeover briefing"
          className="mt-3 grid w-full gap-2 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            m.takeover.mutate(briefing, { onSuccess: () => setBriefing(null) });
          }}
        >
          {(
            [
              ["known", "What is known"],
              ["ruled_out", "What is ruled out"],
              ["last_customer_update", "Last customer update"],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="text-xs font-medium">
              {label}
              <textarea
                className={`${control} mt-0.5 block h-16 w-full`}
                required={k === "known"}
                value={briefing[k]}
                onChange={(e) => setBriefing({ ...briefing, [k]: e.target.value })}
              />
            </label>
          ))}
          <div className="flex gap-2 md:col-span-3">
            <Button type="submit">Take over</Button>
            <Button type="button" variant="ghost" onClick={() => setBriefing(null)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
