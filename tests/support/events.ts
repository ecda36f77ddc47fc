// The platform's events for tests: one event with defaults, a broken deploy told as events, and seeded
// random streams of an env's life (releases, instances coming and going, checks, routes, edge applies).
import { seededRandom } from "@/lib/random";
import { TERMINATION_REASONS } from "@/lib/vocabulary";
import type { PlatformEventBody } from "@/lib/events/contract";
import { call, type Who } from "./api";

export type Ev = Omit<PlatformEventBody, "event_id" | "ts" | "region"> & {
  event_id?: string;
  ts?: string;
  region?: string;
};

let n = 0;
export function ev(e: Ev): PlatformEventBody {
  return {
    event_id: `evt-${Date.now()}-${n++}`,
    ts: new Date().toISOString(),
    region: "eu-west-2",
    ...e,
  } as PlatformEventBody;
}

export const postEvents = (as: Who, events: unknown[]) =>
  call<{ accepted: number; duplicates: number }>("POST", "/api/v1/platform/events", { as, body: { events } });

const at = (now: number, minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

/**
 * A deploy that does not serve: release v42 of web wants 3 instances, all fail their health check
 * (GET /health 503), v41's two instances were stopped for the upgrade; the route's edge config v17 failed
 * on 2 of 6 nodes in eu-west-2; a worker was OOM-killed four times in the last hour.
 */
export function brokenDeploy(org: string, app: string, env: string, now = Date.now()): PlatformEventBody[] {
  const w = { org_id: org, app_id: app, env_id: env };
  const id = (s: string) => `${app}-${env}-${s}`;
  const out: PlatformEventBody[] = [];
  const add = (minutesAgo: number, e: Ev) =>
    out.push(ev({ ...e, ts: at(now, minutesAgo), event_id: id(`e${out.length}`) }));
  add(50, { kind: "release.activated", ...w, process_type: "web", release_id: "v41", desired_instances: 2 });
  add(50, { kind: "release.activated", ...w, process_type: "worker", release_id: "v41", desired_instances: 1 });
  for (const i of ["old-1", "old-2"]) {
    add(49, {
      kind: "instance.ready",
      ...w,
      process_type: "web",
      release_id: "v41",
      instance_id: id(i),
      host_id: "host-17",
    });
  }
  add(20, { kind: "release.activated", ...w, process_type: "web", release_id: "v42", desired_instances: 3 });
  for (const i of ["new-1", "new-2", "new-3"]) {
    add(19, {
      kind: "instance.allocated",
      ...w,
      process_type: "web",
      release_id: "v42",
      instance_id: id(i),
      host_id: "host-23",
    });
    add(18, {
      kind: "instance.booted",
      ...w,
      process_type: "web",
      release_id: "v42",
      instance_id: id(i),
      host_id: "host-23",
    });
    add(5, {
      kind: "health_check.failed",
      ...w,
      instance_id: id(i),
      health_check: { check: "GET /health", status: 503 },
    });
  }
  for (const i of ["old-1", "old-2"])
    add(15, {
      kind: "instance.stopped",
      ...w,
      process_type: "web",
      release_id: "v41",
      instance_id: id(i),
      host_id: "host-17",
      reason: "upgrade",
    });
  for (let k = 0; k < 4; k++)
    add(40 - k * 10, {
      kind: "instance.failed",
      ...w,
      process_type: "worker",
      release_id: "v41",
      instance_id: id(`worker-${k}`),
      host_id: "host-31",
      reason: "oom_killed",
      resources: {
        memory_peak_bytes: 512 * 1024 * 1024,
        memory_limit_bytes: 512 * 1024 * 1024,
        cpu_throttled_share: 0.2,
      },
    });
  add(2, {
    kind: "instance.ready",
    ...w,
    process_type: "worker",
    release_id: "v41",
    instance_id: id("worker-4"),
    host_id: "host-31",
  });
  const route = `${app}-${env}.${org}.app`;
  add(17, {
    kind: "route.bound",
    ...w,
    route,
    backends: ["new-1", "new-2", "new-3"].map((i, k) => ({ instance_id: id(i), address: `10.8.0.${k + 1}:8080` })),
  });
  for (let k = 0; k < 6; k++) {
    const failed = k >= 4;
    add(16, {
      kind: failed ? "edge.apply_failed" : "edge.config_applied",
      route,
      node_id: `edge-node-${k}`,
      region: failed ? "eu-west-2" : "us-east-1",
      config_version: 17,
      ...(failed ? { error: "upstream block references unknown backend pool" } : {}),
    });
  }
  return out;
}

/** A seeded random life of one env: every kind of event, in time order, with ids unique to `app`. */
export function randomStream(
  seed: number,
  org: string,
  app: string,
  env: string,
  now = Date.now(),
): PlatformEventBody[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const w = { org_id: org, app_id: app, env_id: env };
  const out: PlatformEventBody[] = [];
  const types = ["web", "worker"];
  const instances = Array.from({ length: 6 }, (_, k) => ({ id: `${app}-i${k}`, pt: pick(types), release: "v1" }));
  const routes = [`${app}-a.${org}.app`, `${app}-b.${org}.app`];
  const count = 40 + Math.floor(rnd() * 80);
  for (let k = 0; k < count; k++) {
    // Times collide often (whole seconds), so ties are broken by event id.
    const ts = new Date(Math.floor((now - 55 * 60_000 + rnd() * 50 * 60_000) / 1000) * 1000).toISOString();
    const event_id = `${app}-${seed}-${k}`;
    const inst = pick(instances);
    const roll = rnd();
    let e: Ev;
    if (roll < 0.1)
      e = {
        kind: "release.activated",
        ...w,
        process_type: pick(types),
        release_id: pick(["v1", "v2", "v3"]),
        desired_instances: pick([null, 1, 2, 3]),
      };
    else if (roll < 0.5) {
      const kind = pick([
        "instance.allocated",
        "instance.booted",
        "instance.ready",
        "instance.ready",
        "instance.stopping",
        "instance.stopped",
        "instance.failed",
      ] as const);
      const reason = kind === "instance.stopped" || kind === "instance.failed" ? pick(TERMINATION_REASONS) : null;
      e = {
        kind,
        ...w,
        process_type: inst.pt,
        release_id: pick(["v1", "v2", "v3"]),
        instance_id: inst.id,
        host_id: `host-${Math.floor(rnd() * 4)}`,
        reason,
        ...(reason === "crashed" ? { exit_code: pick([1, 2, 137]) } : {}),
        ...(reason === "oom_killed"
          ? { resources: { memory_peak_bytes: 268435456, memory_limit_bytes: 268435456 } }
          : {}),
      };
    } else if (roll < 0.7)
      e = {
        kind: pick(["health_check.passed", "health_check.failed"] as const),
        ...w,
        instance_id: inst.id,
        health_check: { check: "GET /health", status: pick([200, 500, 503]) },
      };
    else if (roll < 0.8)
      e =
        rnd() < 0.8
          ? {
              kind: "route.bound",
              ...w,
              route: pick(routes),
              backends: instances.filter(() => rnd() < 0.5).map((i) => ({ instance_id: i.id, address: null })),
            }
          : { kind: "route.unbound", ...w, route: pick(routes) };
    else if (roll < 0.95) {
      const failed = rnd() < 0.3;
      e = {
        kind: failed ? "edge.apply_failed" : "edge.config_applied",
        route: pick(routes),
        node_id: `${app}-edge-${Math.floor(rnd() * 4)}`,
        config_version: Math.floor(rnd() * 4),
        ...(failed ? { error: "bad config" } : {}),
      };
    } else
      e = {
        kind: "consumer.cursor",
        consumer: { name: `${app}-scheduler`, kind: "scheduler", applied_event_id: `${app}-${seed}-0`, applied_ts: ts },
      };
    out.push(ev({ ...e, ts, event_id, region: pick(["eu-west-2", "us-east-1"]) }));
  }
  return out;
}

/** `xs` shuffled with `seed`. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rnd = seededRandom(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
