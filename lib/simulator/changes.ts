// The platform's change events, from the same scenarios as its metrics and logs: the edge config push
// that starts an edge degradation and the rollback that ends it, the kernel rollout before a host
// failure wave and the pause after it, the operator's fix for a stalled projection — and routine deploys
// and flag flips through the day, and the tenants' own releases (the ones their log lines carry).
//
// Pure and deterministic. A change is posted when it starts (status started) and again when it ends;
// `changePosts(from, to)` gives the posts due in [from, to), the latest state of each change only.
import type { PostChangeBody } from "@/lib/changes/contract";
import type { Platform } from "./model";
import type { Scenario } from "./scenarios";
import { hash32, MIN, REGIONS, stringHash } from "./shape";
import { RELEASE_EVERY_MS, WORKLOADS, demoReleaseId } from "./tenant-logs";

const HOUR = 60 * MIN;
const ACTOR = { pipeline: "deploy-pipeline", edge: "edge-config-pipeline", fleet: "fleet-rollout" };

interface SimChange {
  body: Omit<PostChangeBody, "status" | "finished_at" | "started_at" | "regions"> & { regions: string[] };
  start: number;
  end: number;
  final: PostChangeBody["status"];
}

export interface ChangePost {
  at: number;
  body: PostChangeBody;
}

const iso = (t: number) => new Date(t).toISOString();
const ymd = (t: number) => iso(t).slice(0, 10).replace(/-/g, ".");

/** The edge config version pushed at `t` (the one before it is what a rollback returns to). */
export const edgeConfigVersion = (t: number) => `${ymd(t)}-${Math.floor((t % 86_400_000) / HOUR) + 1}`;

/** When a scenario's failures start to fall (the fix begins) and when they settle (the fix is done). */
export function recovery(s: Scenario): { begins: number; done: number } {
  const frames = s.keyframes;
  if (!frames || frames.length < 3) return { begins: s.end - 5 * MIN, done: s.end };
  const falls = frames
    .slice(1)
    .map((f, i) => [frames[i]!, f] as const)
    .filter(([a, b]) => b[1] < a[1] - 0.2);
  const settling = falls.filter(([, b]) => b[1] > 0);
  const first = falls[0];
  const last = settling.at(-1) ?? falls.at(-1);
  if (!first || !last) return { begins: s.end - 5 * MIN, done: s.end };
  return { begins: s.start + first[0][0] * MIN - 2 * MIN, done: s.start + last[1][0] * MIN };
}

function scenarioChanges(s: Scenario): SimChange[] {
  switch (s.kind) {
    case "edge-connect-degradation": {
      const push = s.start - 2 * MIN;
      const fix = recovery(s);
      return [
        {
          body: {
            external_id: `sim-${s.id}-config-push`,
            kind: "config",
            service: "edge",
            regions: [s.region],
            summary: `Edge config ${edgeConfigVersion(push)}: new TLS cipher list and connection limits`,
            ref: `edge-config ${edgeConfigVersion(push)}`,
            actor: ACTOR.edge,
          },
          start: push,
          end: push + MIN,
          final: "succeeded",
        },
        {
          body: {
            external_id: `sim-${s.id}-rollback`,
            kind: "rollback",
            service: "edge",
            regions: [s.region],
            summary: `Roll back the edge config to ${edgeConfigVersion(push - 6 * HOUR)}, node by node`,
            ref: `edge-config ${edgeConfigVersion(push - 6 * HOUR)}`,
            actor: ACTOR.edge,
          },
          start: fix.begins,
          end: fix.done,
          final: "succeeded",
        },
      ];
    }
    case "host-failure-wave":
      return [
        {
          body: {
            external_id: `sim-${s.id}-kernel`,
            kind: "maintenance",
            service: "agent",
            regions: [s.region],
            summary: "Kernel 6.1.112 rollout, wave 3 (host generation g7)",
            ref: "kernel-6.1.112",
            actor: ACTOR.fleet,
          },
          start: s.start - 20 * MIN,
          end: s.start + 5 * MIN,
          final: "failed",
        },
        {
          body: {
            external_id: `sim-${s.id}-pause`,
            kind: "operator",
            service: "agent",
            regions: [],
            summary: "Paused the kernel rollout fleet-wide",
            ref: null,
            actor: "Ian Commander",
          },
          start: s.start + 30 * MIN,
          end: s.start + 30 * MIN,
          final: "succeeded",
        },
      ];
    case "projection-lag":
      return [
        {
          body: {
            external_id: `sim-${s.id}-skip`,
            kind: "operator",
            service: "projector",
            regions: [s.region],
            summary: `Skipped the poison event and restarted the ${s.target ?? "apps"} projection consumer`,
            ref: null,
            actor: "Olivia Oncall",
          },
          start: s.end - 2 * MIN,
          end: s.end - 2 * MIN,
          final: "succeeded",
        },
      ];
    default:
      return [];
  }
}

const ROUTINE: { service: string; kind: "deploy" | "flag" | "config" | "migration"; summary: string }[] = [
  { service: "control-plane", kind: "deploy", summary: "API: paginate machine lists, faster certificate lookups" },
  { service: "scheduler", kind: "deploy", summary: "Scheduler: spread placements across racks" },
  { service: "projector", kind: "deploy", summary: "Projector: batch event reads" },
  { service: "agent", kind: "deploy", summary: "Host agent: lower heartbeat jitter" },
  { service: "storage", kind: "config", summary: "Snapshot retention 14 → 21 days" },
  { service: "overlay", kind: "config", summary: "WireGuard keepalive 25 s → 20 s" },
  { service: "control-plane", kind: "flag", summary: "Flag placement.v2-scoring → 25 %" },
  { service: "postgres", kind: "migration", summary: "Add index machines(app_id, state)" },
];

/** A routine change starting in hour `h`, or none (about one hour in three). */
function routine(p: Platform, h: number): SimChange | null {
  const x = hash32(p.seed ^ stringHash("routine-change"), h);
  if (x % 3 !== 0) return null;
  const r = ROUTINE[(x >>> 3) % ROUTINE.length]!;
  const region = (x >>> 7) % 4;
  const start = h * HOUR + ((x >>> 11) % 50) * MIN;
  const failed = (x >>> 17) % 20 === 0;
  const version = `${r.service}-${ymd(start)}.${(h % 24) + 1}`;
  return {
    body: {
      external_id: `sim-routine-${h}`,
      kind: r.kind,
      service: r.service,
      regions: region === 3 ? [] : [REGIONS[region]!],
      summary: r.summary,
      ref: r.kind === "flag" ? null : version,
      actor: r.kind === "flag" ? "Olivia Oncall" : ACTOR.pipeline,
    },
    start,
    end: start + (r.kind === "flag" ? 0 : (4 + ((x >>> 21) % 9)) * MIN),
    final: failed ? "rolled_back" : "succeeded",
  };
}

/** The tenants' production releases at one release boundary — the release ids their log lines carry. */
function releases(at: number): SimChange[] {
  return [...new Map(WORKLOADS.map((w) => [`${w.org}/${w.app}`, w])).values()].map((w) => ({
    body: {
      external_id: `sim-release-${w.org}-${w.app}-${at}`,
      kind: "deploy",
      service: w.app,
      regions: [],
      summary: `${w.app} ${demoReleaseId(at, w.app)}`,
      ref: demoReleaseId(at, w.app),
      actor: `${w.org}-ci`,
      org_id: w.org,
      app_id: w.app,
      env_id: "production",
    },
    start: at - 2 * MIN,
    end: at + MIN,
    final: "succeeded" as const,
  }));
}

/** Every change that may post in [from, to). */
function changesAround(p: Platform, from: number, to: number): SimChange[] {
  const list = p.scenarios.flatMap(scenarioChanges);
  for (let h = Math.floor(from / HOUR) - 1; h * HOUR < to; h++) {
    const c = routine(p, h);
    if (c) list.push(c);
  }
  for (let b = Math.floor(from / RELEASE_EVERY_MS) * RELEASE_EVERY_MS; b - 2 * MIN < to; b += RELEASE_EVERY_MS)
    if (b + MIN >= from) list.push(...releases(b));
  return list;
}

/** The posts due in [from, to): a change's start (while it runs past `to`) or its end, in time order. */
export function changePosts(p: Platform, from: number, to: number): ChangePost[] {
  const posts: ChangePost[] = [];
  for (const c of changesAround(p, from, to)) {
    const body = { ...c.body, started_at: iso(c.start) };
    if (c.end >= from && c.end < to)
      posts.push({ at: c.end, body: { ...body, status: c.final, finished_at: iso(c.end) } });
    else if (c.start >= from && c.start < to && c.end >= to)
      posts.push({ at: c.start, body: { ...body, status: "started", finished_at: null } });
  }
  return posts.sort((a, b) => a.at - b.at);
}
