// The simulated platform's traces, from the same model and the same lines as its logs: what the
// components' OpenTelemetry SDKs would send, as OTLP/JSON requests.
// - An edge request followed into a workload (./platform-logs: the SEV1's eu-west timeouts among them) is a
//   trace with the same trace id and request id as its lines: the edge's server span failing with the
//   line's message, its proxy call, and the host agent forwarding into the microVM (answering too late).
// - Control-plane API requests (recent ones, one in three of the logged ones: same request id, same
//   status and duration): edge → control plane → Postgres; and writes: edge → control plane → validate →
//   event append → projection wait ← projector apply → Postgres.
// - Scheduler loops (recent): read pending → an allocation decision per placed machine (same machine,
//   host and score as the line) → event append; now and then a slow loop.
// - The projection-lag scenario: each failed apply is a projector span in error around a slow Postgres
//   statement.
// Deterministic per UTC minute like the lines: the spans of [from, to) are the same however it is cut.
// Volume stays modest: routine traces only for the last RECENT_MS before `now`; failures always.
import { seededRandom } from "@/lib/random";
import type { PlatformLogEntry } from "@/lib/platform-logs/kind";
import type { Platform } from "./model";
import { platformLines } from "./platform-logs";
import { MIN, REGIONS, hash32, stringHash } from "./shape";
import { demoHex } from "./tenant-logs";

/** Routine (successful) traces are made for this long before now; failures for all of history. */
export const RECENT_MS = 60 * MIN;
/** A followed request's first line is at most this long before its failure line. */
const FOLLOW_LEAD_MS = 6_000;

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;

type Scalar = string | number | boolean;

/** One simulated span, before it is encoded as OTLP. Times are ms since the epoch (fractional). */
export interface SimSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: keyof typeof KIND;
  service: string;
  component: string;
  region: string;
  node: string;
  start: number;
  end: number;
  status: keyof typeof STATUS;
  message?: string;
  attrs: Record<string, Scalar>;
  events?: { name: string; at: number; attrs?: Record<string, Scalar> }[];
}

/** Every simulated span whose trace's root starts (or, for a followed request, fails) in [from, to). */
export function simulatedSpans(p: Platform, from: number, to: number, now: number = to): SimSpan[] {
  const recent = to > now - RECENT_MS;
  const lines = platformLines(p, from - FOLLOW_LEAD_MS, to, { background: recent }).platform;
  const inWindow = (ts: string) => Date.parse(ts) >= from && Date.parse(ts) < to;
  const out: SimSpan[] = [];
  out.push(...followedRequests(lines, inWindow));
  for (const line of lines) {
    if (!inWindow(line.ts)) continue;
    if (line.component === "projector" && line.error_class === "PoisonEvent") out.push(...failedApply(p, line));
    if (!recent || Date.parse(line.ts) < now - RECENT_MS) continue;
    if (line.component === "control-plane" && line.request_id && pick(line.request_id, 3))
      out.push(...apiRead(p, line));
    if (line.component === "scheduler" && line.message.startsWith("placed machine") && pick(line.message, 2))
      out.push(...schedulerLoop(p, line));
  }
  if (recent)
    for (let m = Math.floor(from / MIN); m * MIN < to; m++)
      for (const region of REGIONS) {
        const t = writeAt(p, region, m);
        if (t >= from && t < to && t >= now - RECENT_MS) out.push(...apiWrite(p, region, m, t));
      }
  return out;
}

/** One in `n`, by the hash of a line's own id (the same line is always picked or never). */
const pick = (key: string, n: number) => stringHash(key) % n === 0;
const rng = (p: Platform, key: string) => seededRandom(hash32(p.seed ^ stringHash(key), 7));

/** Where a component runs in a region: its node and the resource its spans carry. */
const at = (service: string, region: string, node: string, component = service) => ({
  service,
  component,
  region,
  node,
});

// --- Edge requests followed into a workload: the lines' own trace and request ids.

const ACCEPTED = /^accepted (\S+) (\S+) \(tls ok\), routed to (\S+) on (\S+)$/;

function followedRequests(lines: PlatformLogEntry[], inWindow: (ts: string) => boolean): SimSpan[] {
  const byTrace = new Map<string, PlatformLogEntry[]>();
  for (const l of lines)
    if (l.trace_id && (l.component === "edge" || l.component === "agent"))
      byTrace.set(l.trace_id, [...(byTrace.get(l.trace_id) ?? []), l]);
  const out: SimSpan[] = [];
  for (const [traceId, path] of byTrace) {
    const failure = path.find((l) => l.component === "edge" && l.level === "error");
    const accepted = path.find((l) => l.component === "edge" && l.level === "info");
    const agent = path.find((l) => l.component === "agent");
    if (!failure || !accepted || !agent || !inWindow(failure.ts)) continue;
    const [, method = "GET", route = "/", target = "", host = ""] = ACCEPTED.exec(accepted.message) ?? [];
    const r = seededRandom(stringHash(traceId));
    const ids = { server: demoHex(r, 16), proxy: demoHex(r, 16), agent: demoHex(r, 16) };
    const start = Date.parse(accepted.ts);
    const failed = Date.parse(failure.ts);
    const answered = failed + 400 + Math.floor(r() * 800);
    const common = { traceId, request_id: failure.request_id ?? "" };
    const org = failure.org_id ?? "";
    const edge = at("edge", failure.region, failure.node_id);
    out.push(
      {
        ...edge,
        traceId,
        spanId: ids.server,
        parentSpanId: null,
        name: `${method} ${route}`,
        kind: "server",
        start,
        end: failed,
        status: "error",
        message: failure.message,
        attrs: {
          request_id: common.request_id,
          "http.request.method": method,
          "url.path": route,
          "http.response.status_code": 504,
          "error.type": failure.error_class ?? "error",
          org_id: org,
          route_id: failure.route_id ?? "",
        },
        events: [{ name: "tls handshake done", at: start + 1.2 }],
      },
      {
        ...edge,
        traceId,
        spanId: ids.proxy,
        parentSpanId: ids.server,
        name: `proxy to ${target}`,
        kind: "client",
        start: start + 2.5,
        end: failed,
        status: "error",
        message: "upstream response timeout after 5s (no response headers)",
        attrs: { request_id: common.request_id, "server.address": host, org_id: org },
      },
      {
        ...at("host-agent", agent.region, agent.node_id, "agent"),
        traceId,
        spanId: ids.agent,
        parentSpanId: ids.proxy,
        name: "forward to microVM",
        kind: "server",
        start: Date.parse(agent.ts),
        end: answered,
        status: "unset",
        attrs: {
          request_id: common.request_id,
          org_id: org,
          instance_id: failure.instance_id ?? "",
          "host.name": host,
        },
        events: [
          { name: "client gone", at: failed, attrs: { reason: "edge timed out" } },
          { name: "response written", at: answered },
        ],
      },
    );
  }
  return out;
}

// --- Control-plane API reads: the logged request, its edge hop and its Postgres statements.

const API_LINE = /^(\S+) (\S+) (\d{3}) (\d+)ms$/;

function apiRead(p: Platform, line: PlatformLogEntry): SimSpan[] {
  const m = API_LINE.exec(line.message);
  if (!m || !line.request_id) return [];
  const [, method = "GET", path = "/", statusText = "200", msText = "1"] = m;
  const status = Number(statusText);
  const ms = Number(msText);
  const r = rng(p, `api:${line.request_id}`);
  const traceId = demoHex(r, 32);
  const [edgeId, apiId, pgId] = [demoHex(r, 16), demoHex(r, 16), demoHex(r, 16)];
  const end = Date.parse(line.ts);
  const start = end - ms;
  const route = path.replace(/\/[0-9a-f]{6}(?=\/|$)/g, "/{id}");
  const table = route.split("/")[2] ?? "apps";
  const failed = status >= 500;
  const edgeNode = `edge-${line.region}-${(stringHash(line.request_id) % 8) + 1}`;
  const attrs = { request_id: line.request_id, "http.request.method": method, "http.route": route };
  const pgStart = start + 0.4 + r() * 2;
  const pgMs = Math.min(ms - 1, 0.3 + r() * r() * ms * 0.6);
  return [
    {
      ...at("edge", line.region, edgeNode),
      traceId,
      spanId: edgeId,
      parentSpanId: null,
      name: `${method} ${route}`,
      kind: "server",
      start: start - 1.6,
      end: end + 0.8,
      status: failed ? "error" : "unset",
      message: failed ? `upstream answered ${status}` : undefined,
      attrs: { ...attrs, "http.response.status_code": status },
    },
    {
      ...at("control-plane", line.region, line.node_id),
      traceId,
      spanId: apiId,
      parentSpanId: edgeId,
      name: `${method} ${route}`,
      kind: "server",
      start,
      end,
      status: failed ? "error" : "unset",
      message: failed ? (line.error_class ?? "InternalError") : undefined,
      attrs: { ...attrs, "http.response.status_code": status },
    },
    {
      ...at("control-plane", line.region, line.node_id),
      traceId,
      spanId: pgId,
      parentSpanId: apiId,
      name: `SELECT ${table}`,
      kind: "client",
      start: pgStart,
      end: pgStart + Math.max(0.2, pgMs),
      status: "unset",
      attrs: {
        "db.system": "postgresql",
        "db.operation.name": "SELECT",
        "db.collection.name": table,
        "server.address": `pg-${line.region}-primary`,
      },
    },
  ];
}

// --- Control-plane writes: a command appended to the event log and waited for until it is projected.

/** When, in minute `m`, region's one traced write starts. */
const writeAt = (p: Platform, region: string, m: number) =>
  m * MIN + Math.floor(seededRandom(hash32(p.seed ^ stringHash(`write:${region}`), m))() * MIN);

function apiWrite(p: Platform, region: string, m: number, start: number): SimSpan[] {
  const r = seededRandom(hash32(p.seed ^ stringHash(`write-spans:${region}`), m));
  r(); // the first draw placed it (writeAt)
  const traceId = demoHex(r, 32);
  const id = () => demoHex(r, 16);
  const requestId = demoHex(r, 16);
  const app = demoHex(r, 6);
  const machine = `m-${demoHex(r, 8)}`;
  const api = `api-${region}-${Math.floor(r() * 3) + 1}`;
  const cp = at("control-plane", region, api);
  const pg = { "db.system": "postgresql", "server.address": `pg-${region}-primary` };
  const s = { edge: id(), api: id(), validate: id(), append: id(), wait: id(), apply: id(), update: id() };
  const validateMs = 0.8 + r() * 3;
  const appendAt = start + 1 + validateMs;
  const appendMs = 1.5 + r() * 4;
  const lag = 4 + r() * r() * 60;
  const applyAt = appendAt + appendMs + lag;
  const updateMs = 0.8 + r() * 5;
  const end = applyAt + updateMs + 1.5;
  const route = "/v1/apps/{id}/machines";
  const attrs = { request_id: requestId, "http.request.method": "POST", "http.route": route };
  return [
    {
      ...at("edge", region, `edge-${region}-${(m % 8) + 1}`),
      traceId,
      spanId: s.edge,
      parentSpanId: null,
      name: `POST ${route}`,
      kind: "server",
      start: start - 1.2,
      end: end + 0.9,
      status: "unset",
      attrs: { ...attrs, "http.response.status_code": 201 },
    },
    {
      ...cp,
      traceId,
      spanId: s.api,
      parentSpanId: s.edge,
      name: `POST ${route}`,
      kind: "server",
      start,
      end,
      status: "unset",
      attrs: { ...attrs, "http.response.status_code": 201, app_id: app },
    },
    {
      ...cp,
      traceId,
      spanId: s.validate,
      parentSpanId: s.api,
      name: "validate command CreateMachine",
      kind: "internal",
      start: start + 0.5,
      end: start + 0.5 + validateMs,
      status: "unset",
      attrs: { command: "CreateMachine" },
    },
    {
      ...cp,
      traceId,
      spanId: s.append,
      parentSpanId: s.api,
      name: "event append machine.created",
      kind: "producer",
      start: appendAt,
      end: appendAt + appendMs,
      status: "unset",
      attrs: {
        ...pg,
        "db.operation.name": "INSERT",
        "db.collection.name": "events",
        "event.kind": "machine.created",
        machine_id: machine,
      },
    },
    {
      ...cp,
      traceId,
      spanId: s.wait,
      parentSpanId: s.api,
      name: "projection wait machines",
      kind: "internal",
      start: appendAt + appendMs,
      end: applyAt + updateMs + 0.5,
      status: "unset",
      attrs: { projection: "machines" },
    },
    {
      ...at("projector", region, `proj-${region}-1`),
      traceId,
      spanId: s.apply,
      parentSpanId: s.append,
      name: "apply machines",
      kind: "consumer",
      start: applyAt,
      end: applyAt + updateMs + 0.3,
      status: "unset",
      attrs: { projection: "machines", "event.kind": "machine.created", machine_id: machine },
    },
    {
      ...at("projector", region, `proj-${region}-1`),
      traceId,
      spanId: s.update,
      parentSpanId: s.apply,
      name: "UPDATE machines",
      kind: "client",
      start: applyAt + 0.1,
      end: applyAt + 0.1 + updateMs,
      status: "unset",
      attrs: { ...pg, "db.operation.name": "UPDATE", "db.collection.name": "machines" },
    },
  ];
}

// --- Scheduler loops: the allocation decision the line reports, and its event.

const PLACED = /^placed machine (\S+) on (\S+) \(score ([\d.]+)\)$/;

function schedulerLoop(p: Platform, line: PlatformLogEntry): SimSpan[] {
  const m = PLACED.exec(line.message);
  if (!m) return [];
  const [, machine = "", host = "", score = "0"] = m;
  const r = rng(p, `sched:${line.message}:${line.ts}`);
  const traceId = demoHex(r, 32);
  const s = { loop: demoHex(r, 16), read: demoHex(r, 16), decide: demoHex(r, 16), append: demoHex(r, 16) };
  const placed = Date.parse(line.ts);
  // One loop in twenty is slow (a big batch of pending placements): the trace sampling always keeps.
  const slow = r() < 0.05;
  const readMs = slow ? 900 + r() * 900 : 1 + r() * 6;
  const candidates = Math.floor(20 + r() * 45);
  const decideMs = 0.5 + r() * 4 + candidates * 0.05;
  const start = placed - readMs - decideMs - 3;
  const sched = at("scheduler", line.region, line.node_id);
  const pg = { "db.system": "postgresql", "server.address": `pg-${line.region}-primary` };
  const appendMs = 1 + r() * 3;
  return [
    {
      ...sched,
      traceId,
      spanId: s.loop,
      parentSpanId: null,
      name: "scheduler loop",
      kind: "internal",
      start,
      end: placed + appendMs + 0.5,
      status: "unset",
      attrs: { pending: slow ? Math.floor(200 + r() * 300) : 1 },
    },
    {
      ...sched,
      traceId,
      spanId: s.read,
      parentSpanId: s.loop,
      name: "SELECT pending placements",
      kind: "client",
      start: start + 0.3,
      end: start + 0.3 + readMs,
      status: "unset",
      attrs: { ...pg, "db.operation.name": "SELECT", "db.collection.name": "placements" },
    },
    {
      ...sched,
      traceId,
      spanId: s.decide,
      parentSpanId: s.loop,
      name: `allocate ${machine}`,
      kind: "internal",
      start: placed - decideMs,
      end: placed,
      status: "unset",
      attrs: { machine_id: machine, "host.chosen": host, score: Number(score), candidates },
      events: [{ name: "placed", at: placed, attrs: { host, score: Number(score) } }],
    },
    {
      ...sched,
      traceId,
      spanId: s.append,
      parentSpanId: s.loop,
      name: "event append machine.placed",
      kind: "producer",
      start: placed + 0.2,
      end: placed + 0.2 + appendMs,
      status: "unset",
      attrs: {
        ...pg,
        "db.operation.name": "INSERT",
        "db.collection.name": "events",
        "event.kind": "machine.placed",
        machine_id: machine,
      },
    },
  ];
}

// --- The projection-lag scenario: an apply stuck on a poison event, its Postgres statement slow.

function failedApply(p: Platform, line: PlatformLogEntry): SimSpan[] {
  const r = rng(p, `apply:${line.message}:${line.ts}`);
  const traceId = demoHex(r, 32);
  const [apply, update] = [demoHex(r, 16), demoHex(r, 16)];
  const end = Date.parse(line.ts);
  const slowMs = 1200 + r() * 2800;
  const start = end - slowMs - 4;
  const projection = typeof line.attrs?.projection === "string" ? line.attrs.projection : "apps";
  const proj = at("projector", line.region, line.node_id);
  return [
    {
      ...proj,
      traceId,
      spanId: apply,
      parentSpanId: null,
      name: `apply ${projection}`,
      kind: "consumer",
      start,
      end,
      status: "error",
      message: line.message,
      attrs: { projection, "error.type": line.error_class ?? "PoisonEvent" },
      events: [{ name: "backoff", at: end, attrs: { reason: "invalid state transition" } }],
    },
    {
      ...proj,
      traceId,
      spanId: update,
      parentSpanId: apply,
      name: `UPDATE ${projection}`,
      kind: "client",
      start: start + 1,
      end: start + 1 + slowMs,
      status: "unset",
      attrs: {
        "db.system": "postgresql",
        "db.operation.name": "UPDATE",
        "db.collection.name": projection,
        "server.address": `pg-${line.region}-primary`,
        "db.lock_wait_ms": Math.round(slowMs * 0.8),
      },
    },
  ];
}

// --- OTLP/JSON, as an SDK's exporter sends it.

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
const kv = (attrs: Record<string, Scalar>) =>
  Object.entries(attrs).map(([key, v]) => ({
    key,
    value:
      typeof v === "string"
        ? { stringValue: v }
        : typeof v === "boolean"
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));

export interface OtlpTracesRequest {
  resourceSpans: unknown[];
}

/** Spans as ExportTraceServiceRequests of at most `batch` spans, one resource per service and node. */
export function otlpRequests(spans: SimSpan[], batch = 1000): OtlpTracesRequest[] {
  const out: OtlpTracesRequest[] = [];
  for (let i = 0; i < spans.length; i += batch) {
    const byResource = new Map<string, SimSpan[]>();
    for (const s of spans.slice(i, i + batch)) {
      const key = `${s.service}\u0000${s.component}\u0000${s.region}\u0000${s.node}`;
      byResource.set(key, [...(byResource.get(key) ?? []), s]);
    }
    out.push({
      resourceSpans: [...byResource.values()].map((group) => {
        const r = group[0]!;
        return {
          resource: {
            attributes: kv({
              "service.name": r.service,
              component: r.component,
              "cloud.region": r.region,
              "service.instance.id": r.node,
            }),
          },
          scopeSpans: [
            {
              scope: { name: "ops-console-simulator" },
              spans: group.map((s) => ({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? "",
                name: s.name,
                kind: KIND[s.kind],
                startTimeUnixNano: nanos(s.start),
                endTimeUnixNano: nanos(s.end),
                attributes: kv(s.attrs),
                events: (s.events ?? []).map((e) => ({
                  timeUnixNano: nanos(e.at),
                  name: e.name,
                  attributes: kv(e.attrs ?? {}),
                })),
                links: [],
                status: { code: STATUS[s.status], ...(s.message ? { message: s.message } : {}) },
              })),
            },
          ],
        };
      }),
    });
  }
  return out;
}
