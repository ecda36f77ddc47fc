// A handoff as Markdown: both checklists, the summaries and the live context, every piece of user or
// alert text escaped (lib/markdown).
import "server-only";
import { mdLine } from "@/lib/markdown";
import { getHandoff } from "./lifecycle";

export async function exportHandoff(id: string): Promise<string> {
  const { handoff: h, context } = await getHandoff(id);
  const mark = (d: boolean) => (d ? "[x]" : "[ ]");
  const t = mdLine; // every piece of user or alert text is escaped
  const lines = [
    `# Shift handoff ${h.id}`,
    "",
    `- From: ${t(h.outgoing.name)} → To: ${t(h.incoming.name)}`,
    `- Status: ${h.status}${h.submitted_at ? ` (submitted ${h.submitted_at})` : ""}${h.acked_at ? ` (acknowledged ${h.acked_at})` : ""}`,
    ...(h.shift_start || h.shift_end ? [`- Shift: ${h.shift_start ?? "?"} – ${h.shift_end ?? "?"}`] : []),
    `- Checklist template version ${h.template_version}`,
    ...(h.paging_test
      ? [
          `- Test page: ${h.paging_test.delivered ? "delivered" : "NOT delivered"} (${t(h.paging_test.detail)}) at ${h.paging_test.at}`,
        ]
      : []),
    "",
    "## End of shift (outgoing)",
    ...h.items
      .filter((i) => i.phase === "end")
      .map((i) => `- ${mark(i.done)} ${t(i.label)}${i.note ? ` — ${t(i.note)}` : ""}`),
    "",
    "## Start of shift (incoming)",
    ...h.items
      .filter((i) => i.phase === "start")
      .map((i) => `- ${mark(i.done)} ${t(i.label)}${i.note ? ` — ${t(i.note)}` : ""}`),
    "",
    `## Maintenance in the coming shift (until ${context.maintenance.end})`,
    ...(context.maintenance.list.length
      ? context.maintenance.list.map(
          (m) =>
            `- ${m.ref} ${m.kind}: ${m.services.join(", ")} in ${m.regions.length ? m.regions.join(", ") : "all regions"}, ${m.start} – ${m.end}${m.state === "active" ? " (running)" : ""}`,
        )
      : ["- none"]),
    "",
    "## Open incidents",
    ...(context.incidents.length
      ? context.incidents.map(
          (i) =>
            `- ${i.ref} ${i.severity.toUpperCase()} ${i.status} — ${t(i.title)} (IC ${t(i.commander_name ?? "none")}; last update ${i.last_entry_at ?? "none"}${i.stale ? ", STALE" : ""})\n  - Summary: ${t(h.summaries[i.id]?.summary ?? "(none)")}`,
        )
      : ["- none"]),
    "",
    `## Alerts: ${context.open_alerts.page} page(s), ${context.open_alerts.ticket} ticket(s) open`,
    ...[...context.pages, ...context.tickets].map(
      (a) =>
        `- ${a.kind} ${t(a.name)}${a.annotations.summary ? ` — ${t(a.annotations.summary)}` : ""} (×${a.count}, ${a.status})`,
    ),
    "",
    `## Open follow-ups: ${context.follow_ups.length}`,
    ...context.follow_ups.slice(0, 50).map((f) => `- ${f.incident_ref}: ${t(f.title)}`),
    "",
    "## SLOs burning",
    ...(context.slos.length
      ? context.slos.map((s) => `- ${t(s.name)} in ${s.region}: ${s.alert_state}`)
      : [context.slos_error ? t(context.slos_error) : "- none"]),
    "",
    `## Changes during the shift (${context.changes.start} – ${context.changes.end}): ${context.changes.list.length}${context.changes.truncated ? "+" : ""}`,
    ...(context.changes.list.length
      ? context.changes.list.map(
          (c) =>
            `- ${c.started_at} ${c.kind} ${t(c.service)}${c.regions.length ? ` (${c.regions.join(", ")})` : ""} — ${t(c.summary)} by ${t(c.actor)}, ${c.status.replace("_", " ")}${c.freeze_violation ? ", DURING A DEPLOY FREEZE" : ""}${c.maintenance ? `, in maintenance ${c.maintenance.ref}` : ""}`,
        )
      : ["- none"]),
    "",
  ];
  return lines.join("\n");
}
