// State answered from the platform's events: an env (per process type the desired release and what runs,
// its routes and their edge applies, and the verdict), a route, an instance's story. Reads the projections
// (lib/events), the log only for the last hour's stops, an instance's timeline and a route's latest events.
// Who reads a tenant's workload, and why, is ./read's; what a tenant may see is ./rules' forTenant and the
// `view` here.
import "server-only";
import { and, desc, eq, gt, inArray, notInArray, or, type SQL } from "drizzle-orm";
import { db } from "@/lib/db/client";
import {
  platformDesired,
  platformEdge,
  platformEvents,
  platformHealth,
  platformInstances,
  platformRoutes,
} from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { PlatformEventKind } from "@/lib/vocabulary";
import { toEvent } from "./index";
import type { EnvDescription, InstanceStateView, RouteStateView } from "./contract";
import {
  collapseHealth,
  edgeStatus,
  isGone,
  isRestart,
  readiness,
  restartsOf,
  routeVerdict,
  stopWindow,
  verdict,
  type EdgeNodeFacts,
  type InstanceFacts,
  type ProcessFacts,
  type RouteFacts,
  type StopFacts,
  type View,
} from "./rules";

const HOUR_MS = 3_600_000;
const STOP_KINDS: PlatformEventKind[] = ["instance.stopped", "instance.failed"];
const TIMELINE_MAX = 1000;

type InstanceRow = typeof platformInstances.$inferSelect;
type HealthRow = typeof platformHealth.$inferSelect;

function instanceFacts(
  r: InstanceRow,
  h: HealthRow | null,
): InstanceFacts & { host_id: string | null; region: string } {
  return {
    instance_id: r.instanceId,
    release_id: r.releaseId,
    state: r.state,
    since: r.ts.toISOString(),
    region: r.region,
    host_id: r.hostId,
    reason: r.reason,
    exit_code: r.exitCode,
    resources: r.resources,
    health: h ? { passed: h.passed, at: h.ts.toISOString(), check: h.check } : null,
  };
}

/** An instance as a view shows it: a tenant never sees its host. */
function instanceView(i: ReturnType<typeof instanceFacts>, view: View): InstanceStateView {
  const { host_id, ...rest } = i;
  return view === "tenant" ? rest : { ...rest, host_id };
}

async function instancesWithHealth(where: SQL | undefined) {
  const rows = await db()
    .select({ i: platformInstances, h: platformHealth })
    .from(platformInstances)
    .leftJoin(platformHealth, eq(platformHealth.instanceId, platformInstances.instanceId))
    .where(where)
    .orderBy(platformInstances.instanceId);
  return rows.map((r) => ({ row: r.i, facts: instanceFacts(r.i, r.h) }));
}

async function edgeOf(routes: string[]): Promise<Map<string, (EdgeNodeFacts & { at: string })[]>> {
  const out = new Map<string, (EdgeNodeFacts & { at: string })[]>();
  if (!routes.length) return out;
  const rows = await db().select().from(platformEdge).where(inArray(platformEdge.route, routes));
  for (const r of rows) {
    const list = out.get(r.route) ?? [];
    list.push({
      node_id: r.nodeId,
      region: r.region,
      config_version: r.configVersion,
      applied: r.applied,
      error: r.error,
      at: r.ts.toISOString(),
    });
    out.set(r.route, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.node_id.localeCompare(b.node_id));
  return out;
}

type RouteRow = typeof platformRoutes.$inferSelect;

/** A route as a view shows it: a tenant never sees backend addresses or edge node names. */
function routeView(
  r: RouteRow,
  edge: (EdgeNodeFacts & { at: string })[],
  states: ReadonlyMap<string, InstanceFacts>,
  view: View,
): RouteStateView {
  const { failedNodes: _failed, ...summary } = edgeStatus(edge);
  return {
    route: r.route,
    org_id: r.orgId,
    app_id: r.appId,
    env_id: r.envId,
    bound: r.bound,
    since: r.ts.toISOString(),
    backends: r.backends.map((b) => ({
      instance_id: b.instance_id,
      ...(view === "operator" ? { address: b.address ?? null } : {}),
      state: states.get(b.instance_id)?.state ?? null,
    })),
    edge: view === "operator" ? { ...summary, nodes: edge } : summary,
  };
}

const routeFacts = (r: RouteRow, edge: EdgeNodeFacts[]): RouteFacts => ({
  route: r.route,
  bound: r.bound,
  backends: r.backends,
  edge,
});

/** A stop or failure as describe shows it: when, why, the exit code and the resources near death. */
function stopOf(e: typeof platformEvents.$inferSelect): StopFacts & { resources: Record<string, number> | null } {
  const resources = e.data.resources;
  return {
    instance_id: e.instanceId ?? "",
    at: e.ts.toISOString(),
    reason: e.reason,
    exit_code: typeof e.data.exit_code === "number" ? e.data.exit_code : null,
    resources:
      resources && typeof resources === "object" && !Array.isArray(resources)
        ? Object.fromEntries(
            Object.entries(resources).filter((kv): kv is [string, number] => typeof kv[1] === "number"),
          )
        : null,
  };
}

/** An env: per process type its desired release and what runs, its routes, and whether it serves. */
export async function describeEnv(org: string, app: string, envId: string, view: View, now = Date.now()) {
  const hourAgo = new Date(now - HOUR_MS);
  const [desired, instances, stops, routes] = await Promise.all([
    db()
      .select()
      .from(platformDesired)
      .where(and(eq(platformDesired.orgId, org), eq(platformDesired.appId, app), eq(platformDesired.envId, envId))),
    instancesWithHealth(
      and(
        eq(platformInstances.orgId, org),
        eq(platformInstances.appId, app),
        eq(platformInstances.envId, envId),
        or(notInArray(platformInstances.state, ["stopped", "failed"]), gt(platformInstances.ts, hourAgo)),
      ),
    ),
    db()
      .select()
      .from(platformEvents)
      .where(
        and(
          eq(platformEvents.orgId, org),
          eq(platformEvents.appId, app),
          eq(platformEvents.envId, envId),
          gt(platformEvents.ts, hourAgo),
          inArray(platformEvents.kind, STOP_KINDS),
        ),
      )
      .orderBy(desc(platformEvents.ts), desc(platformEvents.eventId))
      .limit(1000),
    db()
      .select()
      .from(platformRoutes)
      .where(
        and(
          eq(platformRoutes.orgId, org),
          eq(platformRoutes.appId, app),
          eq(platformRoutes.envId, envId),
          eq(platformRoutes.bound, true),
        ),
      )
      .orderBy(platformRoutes.route),
  ]);
  if (!desired.length && !instances.length && !routes.length && !stops.length)
    throw new ApiError("not_found", `No events name env ${org}/${app}/${envId}.`);
  const edge = await edgeOf(routes.map((r) => r.route));
  const types = [...new Set([...desired.map((d) => d.processType), ...instances.map((i) => i.row.processType)])].sort();
  const processes = types.map((pt) => {
    const d = desired.find((x) => x.processType === pt);
    const mine = instances.filter((i) => i.row.processType === pt);
    const facts: ProcessFacts = {
      process_type: pt,
      desired: d ? { release_id: d.releaseId, desired_instances: d.desiredInstances } : null,
      instances: mine.map((i) => i.facts),
      stops: stops.filter((s) => s.processType === pt).map(stopOf),
    };
    return { facts, d, mine };
  });
  const states = new Map(instances.map((i) => [i.row.instanceId, i.facts] as const));
  const judged = verdict(
    processes.map((p) => p.facts),
    routes.map((r) => routeFacts(r, edge.get(r.route) ?? [])),
    view,
  );
  const description: EnvDescription = {
    org_id: org,
    app_id: app,
    env_id: envId,
    ...judged,
    process_types: processes.map(({ facts, d, mine }) => ({
      process_type: facts.process_type,
      desired: d
        ? { release_id: d.releaseId, desired_instances: d.desiredInstances, activated_at: d.ts.toISOString() }
        : null,
      ...readiness(facts),
      instances: mine
        .sort(
          (a, b) =>
            Number(isGone(a.row.state)) - Number(isGone(b.row.state)) ||
            a.row.instanceId.localeCompare(b.row.instanceId),
        )
        .map((i) => instanceView(i.facts, view)),
      restarts_last_hour: {
        ...restartsOf(facts.stops),
        recent: facts.stops
          .filter(isRestart)
          .slice(0, 20)
          .map((x) => ({ ...x, resources: x.resources ?? null })),
      },
    })),
    routes: routes.map((r) => routeView(r, edge.get(r.route) ?? [], states, view)),
    as_of: new Date(now).toISOString(),
  };
  return description;
}

/** The org whose workload an instance is, or 404. */
export async function instanceOrg(id: string): Promise<string> {
  const [row] = await db()
    .select({ org: platformInstances.orgId })
    .from(platformInstances)
    .where(eq(platformInstances.instanceId, id))
    .limit(1);
  if (!row) throw new ApiError("not_found", `No events name instance '${id}'.`);
  return row.org;
}

/** The org a route serves, or 404. */
export async function routeOrg(route: string): Promise<string> {
  const [row] = await db()
    .select({ org: platformRoutes.orgId })
    .from(platformRoutes)
    .where(eq(platformRoutes.route, route))
    .limit(1);
  if (!row) throw new ApiError("not_found", `No events name route '${route}'.`);
  return row.org;
}

/** An instance's story: its lifecycle oldest first, each stop with its reason, resources and log window. */
export async function describeInstance(id: string) {
  const [found] = await instancesWithHealth(eq(platformInstances.instanceId, id));
  if (!found) throw new ApiError("not_found", `No events name instance '${id}'.`);
  const { row } = found;
  const events = (
    await db()
      .select()
      .from(platformEvents)
      .where(eq(platformEvents.instanceId, id))
      .orderBy(desc(platformEvents.ts), desc(platformEvents.eventId))
      .limit(TIMELINE_MAX)
  ).reverse();
  const timeline = collapseHealth(events.map((e) => toEvent(e)));
  const stops = events
    .filter((e) => STOP_KINDS.includes(e.kind))
    .map((e) => {
      const at = e.ts.toISOString();
      const window = stopWindow(at);
      const q = new URLSearchParams({ instance: id, start: window.start, end: window.end });
      return { ...stopOf(e), logs: { ...window, path: `/api/v1/orgs/${row.orgId}/logs?${q}` } };
    });
  return {
    instance: {
      ...instanceView(found.facts, "operator"),
      org_id: row.orgId,
      app_id: row.appId,
      env_id: row.envId,
      process_type: row.processType,
    },
    timeline,
    stops,
  };
}

/** A route: its backends and their states, its edge config on every node, its verdict and latest events. */
export async function describeRoute(route: string) {
  const [r] = await db().select().from(platformRoutes).where(eq(platformRoutes.route, route)).limit(1);
  if (!r) throw new ApiError("not_found", `No events name route '${route}'.`);
  const edge = (await edgeOf([route])).get(route) ?? [];
  const backends = await instancesWithHealth(
    inArray(
      platformInstances.instanceId,
      r.backends.map((b) => b.instance_id),
    ),
  );
  const states = new Map(backends.map((b) => [b.row.instanceId, b.facts] as const));
  const recent = await db()
    .select()
    .from(platformEvents)
    .where(eq(platformEvents.route, route))
    .orderBy(desc(platformEvents.ts), desc(platformEvents.eventId))
    .limit(50);
  return {
    route: routeView(r, edge, states, "operator"),
    ...routeVerdict(routeFacts(r, edge), states, "operator"),
    recent: recent.map((e) => toEvent(e)),
  };
}
