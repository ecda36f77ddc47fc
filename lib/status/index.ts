// The public status, built only from what customers may see: incidents with at least one customer
// status update (published), their customer updates, and the states those imply for each service and
// region. Internal updates, notes, names, severities and internal titles never leave here.
import "server-only";
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { db, selectRows } from "@/lib/db/client";
import { incidents, timelineEntries } from "@/lib/db/schema";
import { incidentRef, publicScope, publicTitle } from "@/lib/incidents/rules";
import { SERVICES, SERVICE_LABELS, type Service } from "@/lib/metrics/services";
import { metricsRegions } from "@/lib/metrics/known-regions";
import { maintenanceVersion, publicMaintenance } from "@/lib/maintenance";
import type { PublicIncident, PublicStatus } from "./contract";
import { statusSchema } from "@/lib/incidents/schemas";
import { PUBLIC_STATE_LABEL, publicStart, publicState, publicTime, successRateOf, worstState as worst } from "./rules";

const RECENT_MS = 14 * 86_400_000;
/** Maintenance is announced on /status this long before it starts. */
const MAINTENANCE_AHEAD_MS = 7 * 86_400_000;

/** What the status is made from changes when a timeline entry is added or an incident changes, and as time passes. */
async function statusVersion(now: number): Promise<string> {
  const [row] = await selectRows<{ e: string | null; i: string | null; m: string | null }>(
    db(),
    sql`select (select max(${timelineEntries.id}) from ${timelineEntries})::text as e, (select max(${incidents.updatedAt}) from ${incidents})::text as i, ${maintenanceVersion} as m`,
  );
  return `${row?.e}|${row?.i}|${row?.m}|${Math.floor(now / 60_000)}`;
}

declare global {
  /** The public status last built, and the version it was built at, shared by every bundle of this process. */
  var __opsConsoleStatus: { version: string; value: Promise<PublicStatus> } | undefined;
}

/**
 * The public status, built once per change of what it is made from: anonymous readers arrive exactly when
 * an incident is public, and each costs one small query instead of the whole build. Every console process
 * shows a change at once: the version is the database's.
 */
export async function publicStatus(now = Date.now()): Promise<PublicStatus> {
  const version = await statusVersion(now);
  const cached = globalThis.__opsConsoleStatus;
  if (cached?.version === version) return cached.value;
  const value = buildStatus(now);
  globalThis.__opsConsoleStatus = { version, value };
  value.catch(() => {
    if (globalThis.__opsConsoleStatus?.value === value) globalThis.__opsConsoleStatus = undefined;
  });
  return value;
}

async function buildStatus(now: number): Promise<PublicStatus> {
  const rows = await db()
    .select()
    .from(incidents)
    .where(or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, new Date(now - RECENT_MS))))
    .orderBy(desc(incidents.declaredAt))
    .limit(200);
  const updates = rows.length
    ? await db()
        .select({
          id: timelineEntries.id,
          incidentId: timelineEntries.incidentId,
          body: timelineEntries.body,
          data: timelineEntries.data,
          at: timelineEntries.occurredAt,
        })
        .from(timelineEntries)
        .where(
          and(
            inArray(
              timelineEntries.incidentId,
              rows.map((r) => r.id),
            ),
            eq(timelineEntries.kind, "status_update"),
            sql`${timelineEntries.data}->>'audience' = 'customer'`,
          ),
        )
        .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id))
    : [];
  // A corrected customer update is withdrawn, whatever corrected it: a customer update correcting it shows
  // in its place; an internal entry correcting it (it should never have been public) leaves nothing.
  const corrected = new Set(
    updates.length
      ? (
          await db()
            .select({ corrects: timelineEntries.correctsId })
            .from(timelineEntries)
            .where(
              inArray(
                timelineEntries.correctsId,
                updates.map((u) => u.id),
              ),
            )
        ).map((r) => r.corrects)
      : [],
  );
  const regions = metricsRegions();
  const published: PublicIncident[] = [];
  for (const r of rows) {
    const mine = updates.filter((u) => u.incidentId === r.id && !corrected.has(u.id));
    if (!mine.length) continue;
    const scope = publicScope(r, regions);
    // Each update's state as it was told: the impact measured then (its own, or the last one before it).
    const rates = mine.map((u) => successRateOf(u.data.success_rate));
    const rateAt = (k: number) => rates.slice(k).find((x) => x !== null) ?? null;
    published.push({
      id: incidentRef(r.number),
      title: publicTitle(r, regions),
      state: publicState({ ...r, successRate: rateAt(0) }),
      services: scope.services,
      regions: scope.regions,
      started_at: publicStart(r),
      resolved_at: r.resolvedAt?.toISOString() ?? null,
      updates: mine.map((u, k) => ({
        id: String(u.id),
        at: u.at.toISOString(),
        body: u.body,
        state: publicState({
          severity: r.severity,
          status: statusSchema.safeParse(u.data.status).data ?? r.status,
          successRate: rateAt(k),
        }),
      })),
    });
  }
  const open = published.filter((p) => !p.resolved_at);
  const covering = (service: Service, region: string) =>
    open.filter(
      (p) => (!p.services.length || p.services.includes(service)) && (!p.regions.length || p.regions.includes(region)),
    );
  const components = SERVICES.map((s) => {
    const byRegion = regions.map((region) => ({ region, state: worst(covering(s, region).map((p) => p.state)) }));
    return { id: s, name: SERVICE_LABELS[s], state: worst(byRegion.map((r) => r.state)), regions: byRegion };
  });
  return {
    updated_at: new Date(now).toISOString(),
    state: worst(components.map((c) => c.state)),
    components,
    incidents: [...open, ...published.filter((p) => p.resolved_at)],
    maintenance: await publicMaintenance(now, MAINTENANCE_AHEAD_MS),
  };
}

const XML_ESCAPES = new Map([
  ["<", "&lt;"],
  [">", "&gt;"],
  ["&", "&amp;"],
  ["'", "&apos;"],
  ['"', "&quot;"],
]);

/** Text as XML character data: markup escaped, and the characters XML 1.0 cannot hold at all (controls other than tab, newline and CR; unpaired surrogates; U+FFFE/U+FFFF) removed. */
const esc = (s: string) =>
  s
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/[<>&'"]/g, (c) => XML_ESCAPES.get(c) ?? c);

/** The status as Atom: one entry per customer update and one per maintenance window announced, newest first. */
export function statusAtom(s: PublicStatus, base: string): string {
  const maintenance = s.maintenance.map((m) => ({
    at: m.announced_at,
    xml: `  <entry>
    <id>${esc(`${base}/status#${m.id}`)}</id>
    <title>${esc(m.title)}</title>
    <updated>${m.announced_at}</updated>
    <link href="${esc(`${base}/status#${m.id}`)}"/>
    <content type="text">${esc(`${m.title} — ${m.description}`)}</content>
  </entry>`,
  }));
  const updates = s.incidents
    .flatMap((i) => i.updates.map((u) => ({ i, u })))
    .sort((a, b) => b.u.at.localeCompare(a.u.at))
    .slice(0, 100)
    .map(({ i, u }) => ({
      at: u.at,
      xml: `  <entry>
    <id>${esc(`${base}/status#update-${u.id}`)}</id>
    <title>${esc(`${i.title} — ${PUBLIC_STATE_LABEL[u.state]}`)}</title>
    <updated>${u.at}</updated>
    <link href="${esc(`${base}/status#${i.id}`)}"/>
    <content type="text">${esc(`${publicTime(u.at)} — ${u.body}\n\n${PUBLIC_STATE_LABEL[u.state]} since ${publicTime(i.started_at)}${i.resolved_at ? `; resolved ${publicTime(i.resolved_at)}` : ""}.`)}</content>
  </entry>`,
    }));
  const entries = [...maintenance, ...updates].sort((a, b) => b.at.localeCompare(a.at));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(`${base}/status`)}</id>
  <title>Platform status</title>
  <updated>${entries[0]?.at ?? s.updated_at}</updated>
  <link rel="self" href="${esc(`${base}/api/v1/status/feed`)}"/>
  <link href="${esc(`${base}/status`)}"/>
${entries.map((e) => e.xml).join("\n")}
</feed>
`;
}
