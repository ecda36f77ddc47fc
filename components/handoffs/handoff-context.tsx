// What is going on as the shift changes: open alerts, SLOs burning, the shift's changes, open follow-ups.
import Link from "next/link";
import type { HandoffView } from "@/lib/handoffs/contract";
import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/page";
import { Time } from "@/components/ui/time";

export function Context({ ctx }: { ctx: HandoffView["context"] }) {
  const overdue = ctx.follow_ups.filter((f) => f.overdue).length;
  return (
    <Panel className="space-y-4 p-4">
      <h2 className="font-medium">Right now</h2>
      <section aria-label="Alerts">
        <h3 className="text-xs font-medium text-muted uppercase">Alerts</h3>
        <p className="text-sm">
          <Link href="/alerts?state=open" className="hover:underline">
            {ctx.open_alerts.page.toLocaleString("en-US")} page(s), {ctx.open_alerts.ticket.toLocaleString("en-US")}{" "}
            ticket(s) open
          </Link>
        </p>
        <ul className="mt-1 space-y-0.5 text-xs">
          {[...ctx.pages, ...ctx.tickets].slice(0, 8).map((a) => (
            <li key={a.id} className="truncate" data-alert={a.name}>
              <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge> {a.annotations.summary || a.name}{" "}
              <span className="text-muted">×{a.count}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="SLOs burning">
        <h3 className="text-xs font-medium text-muted uppercase">SLOs burning</h3>
        {ctx.slos_error ? (
          <p className="text-xs text-red-700 dark:text-red-400">{ctx.slos_error}</p>
        ) : ctx.slos.length ? (
          <ul className="space-y-0.5 text-xs">
            {ctx.slos.map((s) => (
              <li key={s.id}>
                <Badge tone={s.alert_state === "page" ? "bad" : "warn"}>{s.alert_state}</Badge> {s.name} in {s.region}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted">All within budget.</p>
        )}
      </section>
      <section aria-label="Changes during the shift">
        <h3 className="text-xs font-medium text-muted uppercase">
          Changes this shift ({ctx.changes.list.length}
          {ctx.changes.truncated ? "+" : ""})
        </h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.changes.list.slice(0, 8).map((c) => (
            <li key={c.id} className="truncate" data-change={c.id}>
              <span className="text-muted tabular-nums">{c.started_at.slice(11, 16)}</span> {c.kind}{" "}
              <span className="font-medium">{c.service}</span> {c.summary}
              {c.freeze_violation && (
                <>
                  {" "}
                  <Badge tone="bad">freeze</Badge>
                </>
              )}
            </li>
          ))}
        </ul>
        <Link
          href={`/changes?${new URLSearchParams({ from: ctx.changes.start, to: ctx.changes.end })}`}
          className="text-xs text-indigo-700 hover:underline dark:text-indigo-400"
        >
          {ctx.changes.list.length ? "All changes this shift" : "Nothing changed this shift — open the feed"}
        </Link>
      </section>
      <section aria-label="Open follow-ups">
        <h3 className="text-xs font-medium text-muted uppercase">
          Open follow-ups ({ctx.follow_ups.length}
          {overdue > 0 && `, ${overdue} overdue`})
        </h3>
        <ul className="space-y-0.5 text-xs">
          {ctx.follow_ups.slice(0, 8).map((f) => (
            <li key={f.id} className="truncate">
              <Link
                href={`/incidents/${f.incident_ref}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
              >
                {f.incident_ref}
              </Link>{" "}
              {f.title}
              {f.overdue && <span className="text-red-700 dark:text-red-400"> · overdue, due {f.due}</span>}
            </li>
          ))}
        </ul>
      </section>
      {ctx.postmortems_overdue.length > 0 && (
        <section aria-label="Overdue postmortems">
          <h3 className="text-xs font-medium text-muted uppercase">
            Overdue postmortems ({ctx.postmortems_overdue.length})
          </h3>
          <ul className="space-y-0.5 text-xs">
            {ctx.postmortems_overdue.slice(0, 8).map((p) => (
              <li key={p.incident_id} className="truncate">
                <Link
                  href={`/incidents/${p.ref}/postmortem`}
                  className="text-indigo-700 underline dark:text-indigo-400"
                >
                  {p.ref}
                </Link>{" "}
                {p.title} · draft due {p.draft_due_at.slice(0, 10)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Panel>
  );
}

/** Start of shift, "check scheduled maintenance": the windows that start or run during the coming shift. */
export function ShiftMaintenance({ m }: { m: HandoffView["context"]["maintenance"] }) {
  return (
    <section aria-label="Maintenance this shift" className="mt-3 border-t border-zinc-100 pt-3 dark:border-zinc-800">
      <h3 className="text-xs font-medium text-muted uppercase">Maintenance this shift ({m.list.length})</h3>
      {m.list.length ? (
        <ul className="mt-1 space-y-1 text-xs">
          {m.list.map((w) => (
            <li key={w.id} data-maintenance={w.ref}>
              <Link
                href={`/maintenance#${w.ref}`}
                className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400"
              >
                {w.ref}
              </Link>{" "}
              {w.services.join(", ")} in {w.regions.length ? w.regions.join(", ") : "all regions"},{" "}
              <Time iso={w.start} compact />–<Time iso={w.end} compact />
              {w.state === "active" && (
                <>
                  {" "}
                  <Badge tone="info">running</Badge>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-muted">
          None scheduled before <Time iso={m.end} compact />.{" "}
          <Link href="/maintenance" className="tap text-indigo-700 hover:underline dark:text-indigo-400">
            All maintenance
          </Link>
        </p>
      )}
    </section>
  );
}
