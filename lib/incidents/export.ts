// The postmortem document: summary, impact, roles, the whole timeline in UTC (corrections shown),
// follow-ups — as Markdown or JSON; with a written postmortem, its sections (root cause, contributing factors,
// lessons…), the changes before impact, action items with their kind, and corrections after publishing. The Markdown is built by a pure function from the incident's
// records; every piece of user text in it is escaped (lib/markdown) and every link is absolute, so the
// document reads the same pasted into a wiki, a ticket or a chat.
import "server-only";
import { inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { attachmentDisposition } from "@/lib/http/download";
import { mdCell, mdLine, mdLink, mdText } from "@/lib/markdown";
import { formatTime } from "@/lib/time-format";
import { POSTMORTEM_SECTIONS, POSTMORTEM_SECTION_TITLES, type PostmortemSection } from "@/lib/vocabulary";
import type { FollowUp, Incident, TimelineEntry } from "./contract";
import { listFollowUps } from "./follow-ups";
import { getIncident } from "./lifecycle";
import { listTimeline } from "./timeline";
import { age, describeEntry, entryKindLabel } from "./rules";
import { describeEvidence, windowText } from "./evidence";

/** Evidence as an absolute link with the window it opens, so it still opens that window pasted elsewhere. */
function evidenceLink(url: string, label: unknown, baseUrl: string): string {
  const view = describeEvidence(url);
  return `${mdLink(typeof label === "string" && label ? label : view.what, url, baseUrl)}${view.window ? ` (${mdCell(windowText(view.window))})` : ""}`;
}

const utc = (iso: string | null) => (iso ? formatTime(iso, "utc") : "—");

const duration = (fromIso: string, toIso: string | null, now: number) => age(fromIso, now, toIso);

export interface PostmortemInput {
  incident: Incident;
  entries: TimelineEntry[];
  followUps: FollowUp[];
  people: Map<string, string>;
  /** The console's address: links in the document are absolute against it. */
  baseUrl: string;
  now: number;
  /** The written postmortem, when there is one: its sections replace the skeleton's summary and impact. */
  postmortem?: PostmortemParts;
}

/** What a written postmortem adds to the document (lib/postmortems reads it from the console). */
export interface PostmortemParts {
  status: string;
  version: number;
  review_meeting_at: string | null;
  sections: Partial<Record<PostmortemSection, string>>;
  changes: { started_at: string; kind: string; service: string; summary: string; actor: string }[];
  corrections: { at: string; section: string; body: string; author_id: string }[];
}

/** The postmortem's written sections, each under its title; a section left empty says so. */
function writtenSections(pm: PostmortemParts): string[] {
  return POSTMORTEM_SECTIONS.flatMap((s) => [
    `## ${POSTMORTEM_SECTION_TITLES[s]}`,
    "",
    pm.sections[s]?.trim() ? mdText(pm.sections[s]) : "_To be written._",
    "",
  ]);
}

export function postmortemMarkdown({
  incident,
  entries,
  followUps,
  people,
  baseUrl,
  now,
  postmortem: pm,
}: PostmortemInput): string {
  const who = (id: string | null) => (id ? (people.get(id) ?? id) : "—");
  const corrected = new Set(entries.filter((e) => e.corrects).map((e) => e.corrects));
  // What the public page showed: customer updates as last corrected (an internal one never).
  const customerUpdates = entries.filter(
    (e) => e.kind === "status_update" && e.data.audience === "customer" && !corrected.has(e.id),
  );
  const lines = [
    `# ${incident.ref}: ${mdLine(incident.title)}`,
    "",
    `| | |`,
    `| --- | --- |`,
    `| Severity | ${incident.severity.toUpperCase()} |`,
    `| Status | ${incident.status} |`,
    `| Incident commander | ${mdCell(who(incident.commander_id))} |`,
    ...Object.entries(incident.roles).map(
      ([role, id]) => `| ${mdCell(role.replace(/_/g, " "))} | ${mdCell(who(id))} |`,
    ),
    `| Declared | ${utc(incident.declared_at)} by ${mdCell(who(incident.declared_by))} |`,
    `| Impact started | ${utc(incident.impact_started_at)} |`,
    `| Mitigated | ${utc(incident.mitigated_at)} |`,
    `| Resolved | ${utc(incident.resolved_at)} |`,
    `| Duration | ${duration(incident.impact_started_at ?? incident.declared_at, incident.resolved_at, now)} |`,
    `| Services | ${mdCell(incident.services.join(", ")) || "—"} |`,
    `| Regions | ${mdCell(incident.regions.join(", ")) || "—"} |`,
    `| Console | ${mdLink(`${incident.ref} in Ops Console`, `/incidents/${incident.ref}`, baseUrl)} |`,
    ...(pm
      ? [
          `| Postmortem | ${pm.status.replace("_", " ")}, version ${pm.version} |`,
          `| Review meeting | ${utc(pm.review_meeting_at)} |`,
        ]
      : []),
    "",
    ...(pm
      ? writtenSections(pm)
      : [
          "## Summary",
          "",
          incident.summary ? mdText(incident.summary) : "_To be written._",
          "",
          "## Impact",
          "",
          ...entries.filter((e) => e.kind === "impact").map((e) => `- ${utc(e.occurred_at)}: ${mdLine(e.body)}`),
          ...(entries.some((e) => e.kind === "impact") ? [] : ["_No impact entries in the timeline._"]),
          "",
        ]),
    ...(pm
      ? [
          "## Changes before impact",
          "",
          ...(pm.changes.length
            ? pm.changes.map(
                (c) =>
                  `- ${utc(c.started_at)}: ${mdLine(c.kind)} of ${mdLine(c.service)} by ${mdLine(c.actor)} — ${mdLine(c.summary)}`,
              )
            : ["_No change to its services in the two hours before impact._"]),
          "",
        ]
      : []),
    "## What customers were told",
    "",
    ...(customerUpdates.length
      ? customerUpdates.map((e) => `- ${utc(e.occurred_at)}: ${mdLine(e.body)}`)
      : ["_No customer update was published: the public status page did not show this incident._"]),
    "",
    "## Timeline (UTC)",
    "",
    "| Occurred | Recorded | Kind | Author | Entry |",
    "| --- | --- | --- | --- | --- |",
    ...entries.map((e) => {
      const body = mdCell(describeEntry(e, who));
      const text = corrected.has(e.id)
        ? `~~${body}~~ (corrected)`
        : body + (e.corrects ? ` (corrects #${e.corrects})` : "");
      const evidence =
        e.kind === "evidence" && typeof e.data.url === "string"
          ? ` ${evidenceLink(e.data.url, e.data.label, baseUrl)}`
          : "";
      const recorded = e.recorded_at.slice(0, 19) === e.occurred_at.slice(0, 19) ? "" : utc(e.recorded_at);
      return `| ${utc(e.occurred_at)} | ${recorded} | ${entryKindLabel(e)} | ${mdCell(who(e.author_id))} | #${e.id} ${text}${evidence} |`;
    }),
    "",
    pm ? "## Action items" : "## Follow-ups",
    "",
    ...(followUps.length
      ? followUps.map(
          (f) =>
            `- [${f.status === "done" ? "x" : " "}] ${f.kind ? `**${f.kind}** ` : ""}${mdLine(f.title)} — ${mdLine(who(f.owner_id))}${f.due ? `, due ${mdLine(f.due)}` : ""}${f.ticket_url ? `, ${mdLink(f.ticket_url, f.ticket_url, baseUrl)}` : ""}`,
        )
      : ["_None yet._"]),
    "",
    ...(pm?.corrections.length
      ? [
          "## Corrections (after publishing)",
          "",
          ...pm.corrections.map(
            (c) =>
              `- ${utc(c.at)}, ${mdLine(who(c.author_id))}, ${mdLine(c.section.replace(/_/g, " "))}: ${mdLine(c.body)}`,
          ),
          "",
        ]
      : []),
  ];
  return lines.join("\n");
}

/** An incident's records for its document: the incident, its timeline, follow-ups and the names of everyone in them. */
export async function documentRecords(idOrRef: string, extraPeople: (string | null)[] = []) {
  const { incident } = await getIncident(idOrRef);
  const { entries } = await listTimeline(incident.id);
  const { follow_ups } = await listFollowUps(incident.id);
  const ids = [
    ...new Set(
      [
        incident.commander_id,
        incident.declared_by,
        ...Object.values(incident.roles),
        ...entries.map((e) => e.author_id),
        ...follow_ups.map((f) => f.owner_id),
        ...extraPeople,
      ].filter((x): x is string => Boolean(x)),
    ),
  ];
  const people = new Map(
    (ids.length
      ? await db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
      : []
    ).map((u) => [u.id, u.name]),
  );
  return { incident, entries, follow_ups, people };
}

export async function exportIncident(idOrRef: string, format: "markdown" | "json", baseUrl: string): Promise<Response> {
  const { incident, entries, follow_ups, people } = await documentRecords(idOrRef);
  const file = `${incident.ref}-postmortem`;
  if (format === "json") {
    return new Response(
      JSON.stringify({ incident, people: Object.fromEntries(people), timeline: entries, follow_ups }, null, 2),
      {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": attachmentDisposition(`${file}.json`),
        },
      },
    );
  }
  const text = postmortemMarkdown({ incident, entries, followUps: follow_ups, people, baseUrl, now: Date.now() });
  return new Response(text, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": attachmentDisposition(`${file}.md`),
    },
  });
}
