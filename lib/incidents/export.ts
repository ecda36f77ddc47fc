// The postmortem skeleton: summary, impact, roles, the whole timeline in UTC (corrections shown),
// follow-ups — as Markdown or JSON.
import "server-only";
import { inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { getIncident, listFollowUps, listTimeline } from "./index";
import { describeEntry } from "./rules";

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

function duration(fromIso: string, toIso: string | null): string {
  const ms = (toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso);
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export async function exportIncident(idOrRef: string, format: "markdown" | "json"): Promise<Response> {
  const { incident } = await getIncident(idOrRef);
  const { entries } = await listTimeline(incident.id);
  const { follow_ups } = await listFollowUps(incident.id);
  const ids = [...new Set([incident.commander_id, incident.declared_by, ...Object.values(incident.roles), ...entries.map((e) => e.author_id), ...follow_ups.map((f) => f.owner_id)].filter((x): x is string => Boolean(x)))];
  const people = new Map((ids.length ? await db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : []).map((u) => [u.id, u.name]));
  const who = (id: string | null) => (id ? (people.get(id) ?? id) : "—");
  const file = `${incident.ref}-postmortem`;
  if (format === "json") {
    return new Response(JSON.stringify({ incident, people: Object.fromEntries(people), timeline: entries, follow_ups }, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${file}.json"` },
    });
  }
  const corrected = new Set(entries.filter((e) => e.corrects).map((e) => e.corrects));
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
  const lines = [
    `# ${incident.ref}: ${incident.title}`,
    "",
    `| | |`,
    `| --- | --- |`,
    `| Severity | ${incident.severity.toUpperCase()} |`,
    `| Status | ${incident.status} |`,
    `| Incident commander | ${who(incident.commander_id)} |`,
    ...Object.entries(incident.roles).map(([role, id]) => `| ${role.replace(/_/g, " ")} | ${who(id)} |`),
    `| Declared | ${utc(incident.declared_at)} by ${who(incident.declared_by)} |`,
    `| Impact started | ${utc(incident.impact_started_at)} |`,
    `| Mitigated | ${utc(incident.mitigated_at)} |`,
    `| Resolved | ${utc(incident.resolved_at)} |`,
    `| Duration | ${duration(incident.impact_started_at ?? incident.declared_at, incident.resolved_at)} |`,
    `| Services | ${incident.services.join(", ") || "—"} |`,
    `| Regions | ${incident.regions.join(", ") || "—"} |`,
    "",
    "## Summary",
    "",
    incident.summary || "_To be written._",
    "",
    "## Impact",
    "",
    ...(entries.filter((e) => e.kind === "impact").map((e) => `- ${utc(e.occurred_at)}: ${e.body}`) || []),
    ...(entries.some((e) => e.kind === "impact") ? [] : ["_No impact entries in the timeline._"]),
    "",
    "## Timeline (UTC)",
    "",
    "| Occurred | Recorded | Kind | Author | Entry |",
    "| --- | --- | --- | --- | --- |",
    ...entries.map((e) => {
      const body = describeEntry(e, who);
      const text = corrected.has(e.id) ? `~~${cell(body)}~~ (corrected)` : cell(body) + (e.corrects ? ` (corrects #${e.corrects})` : "");
      const evidence = e.kind === "evidence" && e.data.url ? ` [${String(e.data.label ?? "evidence")}](${String(e.data.url)})` : "";
      return `| ${utc(e.occurred_at)} | ${e.recorded_at.slice(0, 19) === e.occurred_at.slice(0, 19) ? "" : utc(e.recorded_at)} | ${e.kind.replace(/_/g, " ")} | ${who(e.author_id)} | #${e.id} ${text}${evidence} |`;
    }),
    "",
    "## Follow-ups",
    "",
    ...(follow_ups.length
      ? follow_ups.map((f) => `- [${f.status === "done" ? "x" : " "}] ${f.title} — ${who(f.owner_id)}${f.due ? `, due ${f.due}` : ""}${f.ticket_url ? `, ${f.ticket_url}` : ""}`)
      : ["_None yet._"]),
    "",
  ];
  return new Response(lines.join("\n"), { headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${file}.md"` } });
}
