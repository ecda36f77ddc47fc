"use client";

// The IC's controls on an incident: status, severity, roles, and taking over with a briefing.
import { useState } from "react";
import type { Incident } from "@/lib/incidents/contract";
import { canTransition, SEVERITY_OPTIONS, STATUS_LIST } from "@/lib/incidents/rules";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { PersonSelect } from "./person-select";
import type { People } from "./people";
import { control } from "./styles";

export function Controls({ id, incident: i, people, me }: { id: string; incident: Incident; people: People; me: string }) {
  const m = useIncidentMutations(id);
  const [briefing, setBriefing] = useState<null | { known: string; ruled_out: string; last_customer_update: string }>(null);
  const error = m.update.error ?? m.takeover.error;
  return (
    <div className="mt-4 flex flex-wrap items-end gap-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <SelectField
        label="Status"
        value={i.status}
        onChange={(v) => m.update.mutate({ status: v as Incident["status"] })}
        options={STATUS_LIST.filter((s) => s === i.status || canTransition(i.status, s)).map((s) => [s, s === i.status ? s : s === "investigating" ? "reopen → investigating" : `→ ${s}`] as const)}
      />
      <SelectField label="Severity" value={i.severity} onChange={(v) => m.update.mutate({ severity: v as Incident["severity"] })} options={SEVERITY_OPTIONS} />
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Incident commander
        <PersonSelect label="Incident commander" className="mt-0.5 block" value={i.commander_id ?? ""} people={people} onChange={(v) => m.update.mutate({ commander_id: v || null })} />
      </label>
      {(["scribe", "communications"] as const).map((role) => (
        <label key={role} className="text-xs font-medium text-zinc-600 capitalize dark:text-zinc-400">
          {role}
          <PersonSelect
            label={role}
            className="mt-0.5 block"
            value={i.roles[role] ?? ""}
            people={people}
            onChange={(v) => {
              const roles = { ...i.roles };
              if (v) roles[role] = v;
              else delete roles[role];
              m.update.mutate({ roles });
            }}
          />
        </label>
      ))}
      {i.commander_id !== me && i.status !== "resolved" && (
        <Button variant="secondary" onClick={() => setBriefing({ known: "", ruled_out: "", last_customer_update: "" })}>
          Take over as IC
        </Button>
      )}
      {error && <span className="text-sm text-red-600">{error.message}</span>}
      {briefing && (
        <form
          aria-label="Takeover briefing"
          className="grid w-full gap-2 md:grid-cols-3"
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
              <textarea className={`${control} mt-0.5 block h-16 w-full`} required={k === "known"} value={briefing[k]} onChange={(e) => setBriefing({ ...briefing, [k]: e.target.value })} />
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
