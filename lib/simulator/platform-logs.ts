// The platform's own log lines, from the same model as its metrics: edge nodes log TLS, reset and
// timeout failures at the modelled failure rates (one failure in EDGE_SAMPLE, each line saying so), the
// control plane, scheduler, projector and agents log their routine work, and the scenarios log what
// they break — heartbeat misses in a host failure wave, projector backoffs in a lag spike, a late backup.
// Some requests an edge node fails are followed into a tenant's workload: the same request id on the
// edge's lines, the host agent's and the tenant's own line, so correlation shows a real path.
//
// Pure and deterministic per UTC minute: the lines of [from, to) are the same however the window is cut.
import type { LogEntry } from "@/lib/logs/kind";
import type { PlatformLogEntry } from "@/lib/platform-logs/kind";
import { seededRandom } from "@/lib/random";
import type { Platform, Series } from "./model";
import { HOSTS_PER_REGION, MIN, REGIONS, hash32, stringHash } from "./shape";
import { demoHex, demoInstanceId, demoReleaseId } from "./tenant-logs";

/** One edge failure in this many is logged; each line carries the rate in attrs.sample_rate. */
export const EDGE_SAMPLE = 20;
/** At most this many failure lines per node and reason a minute, however bad it gets. */
const NODE_REASON_CAP = 240;

export const EDGE_FAILURES: Record<string, { message: string; error_class: string }> = {
  tls: {
    message: "TLS handshake failed: no shared cipher (client offered 14 suites)",
    error_class: "TlsHandshakeError",
  },
  reset: { message: "connection reset by peer before response headers", error_class: "ConnectionReset" },
  timeout: { message: "upstream response timeout after 5s (no response headers)", error_class: "UpstreamTimeout" },
};

/** Which tenant an edge request followed into the workload belongs to (every few timeouts). */
const FOLLOWED = [
  { org: "acme", app: "web", path: "/checkout", method: "POST" },
  { org: "globex", app: "shop", path: "/api/cart", method: "GET" },
  { org: "acme", app: "api", path: "/api/orders", method: "GET" },
];

export interface SimulatedLines {
  platform: PlatformLogEntry[];
  /** Tenant lines of the requests followed from the edge into a workload. */
  tenant: LogEntry[];
}

const iso = (t: number) => new Date(t).toISOString();
const hostName = (region: string, n: number) => `${region}-h${String(n).padStart(3, "0")}`;

/** Platform lines (and the tenant lines they lead to) for [from, to), oldest first. */
export function platformLines(
  p: Platform,
  from: number,
  to: number,
  opts: { background?: boolean } = {},
): SimulatedLines {
  const out: SimulatedLines = { platform: [], tenant: [] };
  const failures = p.byMetric.get("edge_connect_failures_total") ?? [];
  const down = (p.byMetric.get("host_state") ?? []).filter((s) => s.labels.state === "down");
  for (let m = Math.floor(from / MIN); m * MIN < to; m++) {
    const minute: SimulatedLines = { platform: [], tenant: [] };
    for (const s of failures) edgeFailures(p, s, m, minute);
    for (const region of REGIONS) {
      if (opts.background !== false) background(p, region, m, minute);
      scenarioLines(p, region, m, down, minute);
    }
    for (const l of minute.platform) if (Date.parse(l.ts) >= from && Date.parse(l.ts) < to) out.platform.push(l);
    for (const l of minute.tenant) if (Date.parse(l.ts) >= from && Date.parse(l.ts) < to) out.tenant.push(l);
  }
  out.platform.sort((a, b) => a.ts.localeCompare(b.ts));
  out.tenant.sort((a, b) => a.ts.localeCompare(b.ts));
  return out;
}

function edgeFailures(p: Platform, s: Series, m: number, out: SimulatedLines): void {
  const { region, node, reason } = s.labels as { region: string; node: string; reason: string };
  const key = stringHash(`edge-log:${node}:${reason}`);
  const r = seededRandom(hash32(p.seed ^ key, m));
  const expected = (s.at(m) * 60) / EDGE_SAMPLE;
  const n = Math.min(NODE_REASON_CAP, Math.floor(expected + r()));
  const f = EDGE_FAILURES[reason]!;
  for (let i = 0; i < n; i++) {
    const ts = m * MIN + Math.floor(r() * MIN);
    const requestId = demoHex(r, 16);
    const line: PlatformLogEntry = {
      ts: iso(ts),
      component: "edge",
      region,
      node_id: node,
      level: "error",
      message: f.message,
      request_id: requestId,
      trace_id: null,
      error_class: f.error_class,
      attrs: { reason, sample_rate: EDGE_SAMPLE, client: `198.51.100.${Math.floor(r() * 250) + 2}` },
    };
    // Every fourth timeout is followed into the workload that was slow to answer.
    if (reason === "timeout" && i % 4 === 0) follow(r, line, ts, out);
    out.platform.push(line);
  }
}

/** A timed-out request's path: the edge accepts it, the host agent forwards it, the tenant's app answers too late. */
function follow(r: () => number, failure: PlatformLogEntry, ts: number, out: SimulatedLines): void {
  const t = FOLLOWED[Math.floor(r() * FOLLOWED.length)]!;
  const instance = demoInstanceId(ts, t.app, "web", Math.floor(r() * 2) + 1);
  const host = hostName(failure.region, Math.floor(r() * 60) + 1);
  const ids = {
    org_id: t.org,
    app_id: t.app,
    env_id: "production",
    instance_id: instance,
    route_id: `${t.org}-${t.app}-production`,
    release_id: demoReleaseId(ts, t.app),
  };
  const traceId = demoHex(r, 32);
  Object.assign(failure, ids, { trace_id: traceId, host_id: host });
  const ms = 5000 + Math.floor(r() * 900);
  out.platform.push({
    ts: iso(ts - 5000 - Math.floor(r() * 40)),
    component: "edge",
    region: failure.region,
    node_id: failure.node_id,
    level: "info",
    message: `accepted ${t.method} ${t.path} (tls ok), routed to ${t.org}/${t.app} on ${host}`,
    request_id: failure.request_id,
    trace_id: traceId,
    ...ids,
  });
  out.platform.push({
    ts: iso(ts - 4990),
    component: "agent",
    region: failure.region,
    node_id: `agent-${host}`,
    host_id: host,
    level: "info",
    message: `forwarded request to microVM ${instance} over the overlay`,
    request_id: failure.request_id,
    trace_id: traceId,
    ...ids,
  });
  out.tenant.push({
    ts: iso(ts - 4990 + ms),
    org_id: t.org,
    app_id: t.app,
    env_id: "production",
    process_type: "web",
    instance_id: instance,
    release_id: ids.release_id,
    host_id: host,
    level: "warn",
    message: `${t.method} ${t.path} 200 ${ms}ms (slow) — response written after the client was gone`,
    request_id: failure.request_id,
    trace_id: traceId,
    attrs: { status: 200, duration_ms: ms, path: t.path },
  });
}

/** Routine work, per region and minute: API requests, placements, projections, heartbeats, config reloads. */
function background(p: Platform, region: string, m: number, out: SimulatedLines): void {
  const r = seededRandom(hash32(p.seed ^ stringHash(`bg:${region}`), m));
  const at = () => m * MIN + Math.floor(r() * MIN);
  const base = { region, trace_id: null };
  const ri = REGIONS.findIndex((known) => known === region);
  const host = () => hostName(region, Math.floor(r() * HOSTS_PER_REGION[ri]!) + 1);
  for (let i = 0; i < 12; i++) {
    const ms = Math.round(4 + r() * r() * 180);
    const path = ["/v1/apps", "/v1/apps/{id}/machines", "/v1/machines/{id}", "/v1/volumes", "/v1/certificates"][
      Math.floor(r() * 5)
    ]!.replace("{id}", demoHex(r, 6));
    const status = r() < 0.004 ? 500 : r() < 0.03 ? 404 : 200;
    out.platform.push({
      ...base,
      ts: iso(at()),
      component: "control-plane",
      node_id: `api-${region}-${Math.floor(r() * 3) + 1}`,
      level: status >= 500 ? "error" : "info",
      message: `GET ${path} ${status} ${ms}ms`,
      request_id: demoHex(r, 16),
      error_class: status >= 500 ? "InternalError" : null,
      attrs: { status, duration_ms: ms },
    });
  }
  for (let i = 0; i < 4; i++) {
    out.platform.push({
      ...base,
      ts: iso(at()),
      component: "scheduler",
      node_id: `sched-${region}-1`,
      level: "info",
      message: `placed machine m-${demoHex(r, 8)} on ${host()} (score ${(0.5 + r() * 0.5).toFixed(2)})`,
      request_id: null,
    });
  }
  out.platform.push({
    ...base,
    ts: iso(at()),
    component: "projector",
    node_id: `proj-${region}-1`,
    level: "info",
    message: `projection apps applied ${Math.floor(200 + r() * 400)} events, lag ${Math.floor(r() * 8)}`,
    request_id: null,
  });
  for (let i = 0; i < 3; i++) {
    const h = host();
    out.platform.push({
      ...base,
      ts: iso(at()),
      component: "agent",
      node_id: `agent-${h}`,
      host_id: h,
      level: r() < 0.05 ? "debug" : "info",
      message: `heartbeat ok: ${Math.floor(20 + r() * 30)} microVMs, disk ${Math.floor(30 + r() * 50)}%`,
      request_id: null,
    });
  }
  if (m % 10 === 0)
    out.platform.push({
      ...base,
      ts: iso(at()),
      component: "edge",
      node_id: `edge-${region}-${((m / 10) % 8) + 1}`,
      level: "info",
      message: "config reload ok (no changes)",
      request_id: null,
    });
}

/** What the scenarios break, in the platform's own words. */
function scenarioLines(p: Platform, region: string, m: number, down: Series[], out: SimulatedLines): void {
  const r = seededRandom(hash32(p.seed ^ stringHash(`scenario:${region}`), m));
  const at = () => m * MIN + Math.floor(r() * MIN);
  const wave = p.effect("host-failure-wave", region, m);
  if (wave > 0) {
    for (const s of down) {
      if (s.labels.region !== region || s.at(m) !== 1) continue;
      const host = s.labels.host!;
      const first = s.at(m - 1) !== 1;
      if (first || m % 5 === 0) {
        out.platform.push({
          ts: iso(at()),
          component: "agent",
          region,
          node_id: `agent-${host}`,
          host_id: host,
          level: first ? "error" : "warn",
          message: first
            ? `heartbeat missed 3 times from ${host}; marking host down`
            : `still no heartbeat from ${host}`,
          request_id: null,
          error_class: "HeartbeatMissed",
        });
        if (first)
          out.platform.push({
            ts: iso(at()),
            component: "scheduler",
            region,
            node_id: `sched-${region}-1`,
            host_id: host,
            level: "warn",
            message: `evacuating ${Math.floor(20 + r() * 25)} microVMs from ${host}`,
            request_id: null,
          });
      }
    }
  }
  for (const projection of ["apps", "machines", "routes"]) {
    const lag = p.effect("projection-lag", region, m, projection);
    const n = Math.floor(lag * 12 + (lag > 0 ? r() : 0));
    for (let i = 0; i < n; i++) {
      out.platform.push({
        ts: iso(at()),
        component: "projector",
        region,
        node_id: `proj-${region}-1`,
        level: "error",
        message: `apply failed for event ${Math.floor(m * 7 + i)} (${projection}): invalid state transition stopped → stopped; backing off ${2 ** Math.min(6, i + 1)}s`,
        request_id: null,
        error_class: "PoisonEvent",
        attrs: { projection },
      });
    }
  }
  for (const backup of ["postgres-wal", "postgres-base", "volume-snapshots"]) {
    if (p.effect("late-backup", region, m, backup) > 0 && m % 30 === 0) {
      out.platform.push({
        ts: iso(at()),
        component: "storage",
        region,
        node_id: `backup-${region}-1`,
        level: "warn",
        message: `backup ${backup} has not completed a run in its window; last success over 24h ago`,
        request_id: null,
        error_class: "BackupLate",
      });
    }
  }
}
