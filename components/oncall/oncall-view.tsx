"use client";

// On call: who holds each layer now, the week's shifts per layer with overrides cut in, and a form to
// take a shift (or part of one). Times are shown as the rest of the console shows them (UTC or local).
import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { contactQuery, onCallQuery, scheduleQuery, shiftsQuery, useOverrides, useSaveContact, useSaveSchedule } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import type { ShiftView } from "@/lib/oncall/contract";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/input-field";
import { SelectField } from "@/components/ui/select-field";
import { Badge } from "@/components/ui/badge";
import { control } from "@/components/ui/control";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { PersonSelect } from "@/components/incidents/person-select";
import type { People } from "@/components/incidents/people";
import { LAYERS, type Layer, type RotationLayer, ROTATIONS } from "@/lib/vocabulary";

const LABEL: Record<Layer, string> = { primary: "Primary", secondary: "Secondary", tertiary: "Tertiary" };
const DAY = 86_400_000;
const utcInput = (t: number) => new Date(t).toISOString().slice(0, 16);

function Now() {
  const q = useQuery(onCallQuery());
  if (q.isPending) return <Skeleton rows={2} />;
  if (q.isError) return <ErrorNotice title="Who is on call could not load" message={q.error.message} />;
  if (!q.data.on_call.length) return <p className="text-sm text-muted">No rotation is set up yet: an admin adds one with PUT /api/v1/oncall/schedule.</p>;
  return (
    <ul className="grid gap-3 sm:grid-cols-3" aria-label="On call now">
      {q.data.on_call.map((s) => (
        <li key={s.layer}>
          <Panel className="p-4">
            <p className="text-xs font-medium text-muted uppercase">{LABEL[s.layer]}</p>
            <p className="mt-1 text-lg font-semibold">{s.user.name}</p>
            <p className="text-xs text-muted">
              until <Time iso={s.end} compact /> {s.override_id && <Badge tone="info">override</Badge>}
            </p>
          </Panel>
        </li>
      ))}
    </ul>
  );
}

function Week({ shifts, onCancel, canWrite }: { shifts: ShiftView[]; onCancel: (id: string) => void; canWrite: boolean }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {LAYERS.map((layer) => {
        const mine = shifts.filter((s) => s.layer === layer);
        return (
          <Panel key={layer} className="p-4">
            <h3 className="font-medium">{LABEL[layer]}</h3>
            {mine.length === 0 ? (
              <p className="mt-1 text-sm text-muted">Nobody on this layer.</p>
            ) : (
              <ol className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label={`${LABEL[layer]} shifts`}>
                {mine.map((s) => (
                  <li key={`${s.start}-${s.user.id}`} className="flex flex-wrap items-center gap-x-2 py-1.5" data-override={s.override_id ?? undefined}>
                    <span className="min-w-0 flex-1 font-medium">{s.user.name}</span>
                    {s.override_id && <Badge tone="info">override</Badge>}
                    <span className="basis-full text-xs text-muted">
                      <Time iso={s.start} compact /> → <Time iso={s.end} compact />
                    </span>
                    {s.override_id && canWrite && (
                      <button type="button" className="text-xs text-red-700 underline dark:text-red-400" onClick={() => onCancel(s.override_id!)}>
                        Cancel override
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </Panel>
        );
      })}
    </div>
  );
}

function OverrideForm({ people, me }: { people: People; me: string }) {
  const { add } = useOverrides();
  const [layer, setLayer] = useState<Layer>("primary");
  const [user, setUser] = useState(me);
  const [opened] = useState(() => utcInput(Date.now()));
  const [start, setStart] = useState(opened);
  const [end, setEnd] = useState(() => utcInput(Date.now() + 4 * 3_600_000));
  const [reason, setReason] = useState("");
  const error = add.error instanceof ClientApiError ? add.error : null;
  return (
    <form
      aria-label="Take a shift"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        // Left at the time the form opened, the start means "now": sent as the moment it is submitted.
        add.mutate({ layer, user_id: user, start: start === opened ? new Date().toISOString() : `${start}:00Z`, end: `${end}:00Z`, ...(reason.trim() ? { reason: reason.trim() } : {}) }, { onSuccess: () => setReason("") });
      }}
    >
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Layer
        <select className={`${control} mt-0.5 block`} value={layer} onChange={(e) => setLayer(e.target.value as Layer)}>
          {LAYERS.map((l) => (
            <option key={l} value={l}>
              {LABEL[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Who
        <PersonSelect label="Who takes the shift" value={user} people={people} onChange={setUser} me={me} empty="choose" className="mt-0.5 block" />
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        From (UTC)
        <input type="datetime-local" className={`${control} mt-0.5 block w-full min-w-0 sm:w-auto`} value={start} onChange={(e) => setStart(e.target.value)} required />
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Until (UTC)
        <input type="datetime-local" className={`${control} mt-0.5 block w-full min-w-0 sm:w-auto`} value={end} onChange={(e) => setEnd(e.target.value)} required />
      </label>
      <label className="min-w-48 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Reason (optional)
        <input className={`${control} mt-0.5 block w-full`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="swap with Ian for Friday" />
      </label>
      <Button type="submit" disabled={add.isPending || !user}>
        Add override
      </Button>
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}

/** Where the signed-in person is paged when a step of an escalation reaches them. */
function ContactForm() {
  const q = useQuery(contactQuery());
  const save = useSaveContact();
  if (!q.data) return null;
  const error = save.error instanceof ClientApiError ? save.error : null;
  return (
    <form
      key={JSON.stringify(q.data.contact)}
      aria-label="Where you are paged"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const v = (k: string) => String(f.get(k) ?? "").trim() || undefined;
        save.mutate({ webhook_url: v("webhook_url"), slack_webhook_url: v("slack_webhook_url") });
      }}
    >
      <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Webhook (JSON)
        <input name="webhook_url" type="url" defaultValue={q.data.contact.webhook_url} placeholder="https://pager.example/hooks/you" className={`${control} mt-0.5 block w-full`} />
      </label>
      <label className="min-w-56 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Slack incoming webhook
        <input name="slack_webhook_url" type="url" defaultValue={q.data.contact.slack_webhook_url} placeholder="https://hooks.slack.com/services/…" className={`${control} mt-0.5 block w-full`} />
      </label>
      <Button type="submit" variant="secondary" disabled={save.isPending}>
        Save
      </Button>
      {save.isSuccess && <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">Saved.</span>}
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}

export function OnCallView({ people, me, canWrite, isAdmin }: { people: People; me: string; canWrite: boolean; isAdmin: boolean }) {
  // The week from the start of today (UTC), so today's earlier shifts show too.
  const [[from, to]] = useState((): [string, string] => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    return [new Date(today).toISOString(), new Date(today + 7 * DAY).toISOString()];
  });
  const week = useQuery(shiftsQuery(from, to));
  const { cancel } = useOverrides();
  return (
    <div className="space-y-6">
      <section aria-label="Now">
        <Now />
      </section>
      {canWrite && (
        <Panel className="p-4">
          <h2 className="mb-2 font-medium">Take a shift, or part of one</h2>
          <OverrideForm people={people} me={me} />
        </Panel>
      )}
      <Panel className="p-4">
        <h2 className="font-medium">Where you are paged</h2>
        <p className="mb-2 text-xs text-muted">An unacknowledged page goes to the primary, then each next layer, by these. Without one, the platform&apos;s paging webhook is used, if there is one.</p>
        <ContactForm />
      </Panel>
      <section aria-labelledby="week-heading">
        <h2 id="week-heading" className="mb-2 font-medium">
          This week
        </h2>
        {week.isPending ? <Skeleton rows={6} /> : week.isError ? <ErrorNotice title="The week could not load" message={week.error.message} /> : <Week shifts={week.data.shifts} onCancel={(id) => cancel.mutate(id)} canWrite={canWrite} />}
      </section>
      {isAdmin && (
        <details className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
          <summary className="cursor-pointer font-medium">Edit the schedule (admins)</summary>
          <div className="mt-3">
            <ScheduleEditor people={people} />
          </div>
        </details>
      )}
    </div>
  );
}

type EditLayer = RotationLayer;
const ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

/** The schedule editor (admins): each layer's rotation, start, change time, zone and people in order. Saving writes a new version. */
export function ScheduleEditor({ people }: { people: People }) {
  const q = useQuery(scheduleQuery());
  const [layers, setLayers] = useState<EditLayer[] | null>(null);
  const save = useSaveSchedule();
  const saved = useRef<HTMLSpanElement>(null);
  // Saving disables the button it was pressed on: the keyboard's place moves to the outcome, once per save.
  useEffect(() => {
    if (save.isSuccess) saved.current?.focus();
  }, [save.isSuccess, save.data]);
  if (!q.data) return null;
  const current = layers ?? q.data.schedule?.layers ?? [];
  const set = (i: number, patch: Partial<EditLayer>) => setLayers(current.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const missing = LAYERS.filter((l) => !current.some((c) => c.layer === l));
  const error = save.error instanceof ClientApiError ? save.error : null;
  return (
    <form
      aria-label="Edit the schedule"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ layers: current.map((l) => ({ ...l, people: l.people.filter(Boolean) })) }, { onSuccess: () => setLayers(null) });
      }}
    >
      <p className="text-xs text-muted">Version {q.data.schedule?.version ?? "none"}. Saving writes the next version; who is on call follows at once.</p>
      {current.map((l, i) => (
        <fieldset key={l.layer} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-layer={l.layer}>
          <legend className="px-1 text-sm font-medium">{LABEL[l.layer]}</legend>
          <div className="flex flex-wrap items-end gap-2">
            <SelectField label="Rotates" value={l.rotation} onChange={(v) => set(i, { rotation: v as EditLayer["rotation"] })} options={ROTATIONS} />
            <InputField label="First shift on" type="date" value={l.start_date} onChange={(e) => set(i, { start_date: e.target.value })} required />
            <InputField label="Changes at" type="time" value={l.handoff_time} onChange={(e) => set(i, { handoff_time: e.target.value })} required />
            <InputField label="Time zone" list="time-zones" value={l.time_zone} onChange={(e) => set(i, { time_zone: e.target.value })} required />
            <Button type="button" variant="ghost" onClick={() => setLayers(current.filter((_, j) => j !== i))}>
              Remove layer
            </Button>
          </div>
          <ol className="mt-2 flex flex-wrap items-center gap-2" aria-label={`${LABEL[l.layer]} people, in order`}>
            {l.people.map((p, k) => (
              <li key={k} className="flex items-center gap-1">
                <span className="text-xs text-muted">{k + 1}.</span>
                <PersonSelect label={`${LABEL[l.layer]} person ${k + 1}`} value={p} people={people} onChange={(v) => set(i, { people: l.people.map((x, m) => (m === k ? v : x)) })} empty="choose" />
                <Button type="button" variant="ghost" aria-label={`Remove ${LABEL[l.layer]} person ${k + 1}`} onClick={() => set(i, { people: l.people.filter((_, m) => m !== k) })}>
                  ✕
                </Button>
              </li>
            ))}
            <li>
              <Button type="button" variant="secondary" onClick={() => set(i, { people: [...l.people, ""] })}>
                Add person
              </Button>
            </li>
          </ol>
        </fieldset>
      ))}
      <datalist id="time-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="flex flex-wrap items-center gap-2">
        {missing.map((m) => (
          <Button key={m} type="button" variant="secondary" onClick={() => setLayers([...current, { layer: m, rotation: "weekly" as const, start_date: new Date().toISOString().slice(0, 10), handoff_time: "09:00", time_zone: "UTC", people: [] }].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer)))}>
            Add {LABEL[m].toLowerCase()} layer
          </Button>
        ))}
        <Button type="submit" disabled={save.isPending || layers === null}>
          Save as a new version
        </Button>
        {layers !== null && (
          <Button type="button" variant="ghost" onClick={() => setLayers(null)}>
            Discard changes
          </Button>
        )}
        {save.isSuccess && layers === null && (
          <span role="status" tabIndex={-1} ref={saved} className="rounded text-xs text-emerald-700 outline-offset-2 dark:text-emerald-400">
            Saved version {save.data.schedule.version}.
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
