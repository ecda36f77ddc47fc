// The public status, built only from what customers may see: incidents with at least one customer
// status update (published), their customer updates, and the states those imply for each service and
// region. Internal updates, notes, names, severities and internal titles never leave here.
import "server-only";
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { incidents, timelineEntries } from "@/lib/db/schema";
import { incidentRef, publicState, publicTitle, type Status } from "@/lib/incidents/rules";
import { SERVICES, SERVICE_LABELS } from "@/lib/metrics/services";
import { REGIONS } from "@/lib/metrics/regions";
import type { PublicIncident, PublicStatus } from "./contract";

const RECENT_MS = 14 * 86_400_000;
const ORDER = ["operational", "monitoring", "degraded", "major_outage"] as const;
type State = (typeof ORDER)[number];
const worst = (states: State[]): State => states.reduce<State>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), "operational");

export async function publicStatus(now = Date.now()): Promise<PublicStatus> {
  const rows = await db()
    .select()
    .from(incidents)
    .where(or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, new Date(now - RECENT_MS))))
    .orderBy(desc(incidents.declaredAt))
    .limit(200);
  const updates = rows.length
    ? await db()
        .select({ id: timelineEntries.id, incidentId: timelineEntries.incidentId, body: timelineEntries.body, data: timelineEntries.data, at: timelineEntries.occurredAt, corrects: timelineEntries.correctsId })
        .from(timelineEntries)
        .where(and(inArray(timelineEntries.incidentId, rows.map((r) => r.id)), eq(timelineEntries.kind, "status_update"), sql`${timelineEntries.data}->>'audience' = 'customer'`))
        .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id))
    : [];
  // A corrected update shows as its correction: the original is withdrawn from the public page.
  const corrected = new Set(updates.map((u) => u.corrects).filter((c): c is number => c !== null));
  const published: PublicIncident[] = [];
  for (const r of rows) {
    const mine = updates.filter((u) => u.incidentId === r.id && !corrected.has(u.id));
    if (!mine.length) continue;
    published.push({
      id: incidentRef(r.number),
      title: publicTitle(r),
      state: publicState(r),
      services: r.services,
      regions: r.regions,
      started_at: r.declaredAt.toISOString(),
      resolved_at: r.resolvedAt?.toISOString() ?? null,
      updates: mine.map((u) => ({ id: String(u.id), at: u.at.toISOString(), body: u.body, state: publicState({ severity: r.severity, status: ((u.data as { status?: Status }).status ?? r.status) as Status }) })),
    });
  }
  const open = published.filter((p) => !p.resolved_at);
  const covering = (service: string, region: string) => open.filter((p) => (!p.services.length || p.services.includes(service)) && (!p.regions.length || p.regions.includes(region)));
  const components = SERVICES.map((s) => {
    const regions = REGIONS.map((region) => ({ region, state: worst(covering(s, region).map((p) => p.state)) }));
    return { id: s, name: SERVICE_LABELS[s], state: worst(regions.map((r) => r.state)), regions };
  });
  return {
    updated_at: new Date(now).toISOString(),
    state: worst(components.map((c) => c.state)),
    components,
    incidents: [...open, ...published.filter((p) => p.resolved_at)],
  };
}

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
export const STATE_LABEL: Record<State, string> = { major_outage: "Major outage", degraded: "Degraded", monitoring: "Monitoring", operational: "Operational" };

/** The status as Atom: one entry per customer update, newest first. */
export function statusAtom(s: PublicStatus, base: string): string {
  const entries = s.incidents
    .flatMap((i) => i.updates.map((u) => ({ i, u })))
    .sort((a, b) => b.u.at.localeCompare(a.u.at))
    .slice(0, 100)
    .map(
      ({ i, u }) => `  <entry>
    <id>${esc(`${base}/status#update-${u.id}`)}</id>
    <title>${esc(`${i.title} — ${STATE_LABEL[u.state]}`)}</title>
    <updated>${u.at}</updated>
    <link href="${esc(`${base}/status#${i.id}`)}"/>
    <content type="text">${esc(u.body)}</content>
  </entry>`,
    );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(`${base}/status`)}</id>
  <title>Platform status</title>
  <updated>${s.incidents[0]?.updates[0]?.at ?? s.updated_at}</updated>
  <link rel="self" href="${esc(`${base}/api/v1/status/feed`)}"/>
  <link href="${esc(`${base}/status`)}"/>
${entries.join("\n")}
</feed>
`;
}
