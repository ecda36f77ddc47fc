// The simulator's platform logs, change events and platform events agree with its metrics and scenarios.
import { describe, expect, it } from "vitest";
import { platformEventBody, type PlatformEventBody } from "@/lib/events/contract";
import {
  isGone,
  latestBy,
  stateOf,
  verdict,
  type InstanceFacts,
  type ProcessFacts,
  type RouteFacts,
} from "@/lib/events/rules";
import { PLATFORM_EVENT_KINDS } from "@/lib/vocabulary";
import { createPlatform } from ".";
import { changePosts, edgeConfigVersion } from "./changes";
import { eventHistoryStart, eventPosts } from "./events";
import { EDGE_SAMPLE, platformLines } from "./platform-logs";
import { demoScenarios } from "./scenarios";
import { MIN } from "./shape";
import { RELEASE_EVERY_MS, demoInstanceId, demoLines, demoReleaseId } from "./tenant-logs";

const anchor = Date.parse("2026-11-27T13:29:00Z");
const p = createPlatform({ seed: 42, anchor });
const edge = demoScenarios(anchor).find((s) => s.id === "edge-eu-west")!;
const errors = (from: number, to: number, region: string) =>
  platformLines(p, from, to, { background: false }).platform.filter(
    (l) => l.component === "edge" && l.region === region && l.level === "error",
  );

describe("simulated platform logs", () => {
  it("log edge failures at the modelled rate, sampled", () => {
    const from = anchor - 40 * MIN;
    const to = anchor - 30 * MIN;
    const lines = errors(from, to, "eu-west");
    const modelled = (p.byMetric.get("edge_connect_failures_total") ?? [])
      .filter((s) => s.labels.region === "eu-west")
      .reduce((a, s) => a + p.increase(s, from, to), 0);
    expect(lines.length).toBeGreaterThan(100);
    expect(Math.abs(lines.length * EDGE_SAMPLE - modelled) / modelled).toBeLessThan(0.1);
    expect(
      lines.every(
        (l) => l.request_id && l.error_class && (l.attrs as { sample_rate: number }).sample_rate === EDGE_SAMPLE,
      ),
    ).toBe(true);
    // Degraded: TLS failures dominate, as the model's split says.
    const tls = lines.filter((l) => l.error_class === "TlsHandshakeError").length;
    expect(tls / lines.length).toBeGreaterThan(0.5);
  });

  it("show the degradation in eu-west only, and barely before it", () => {
    const during = errors(anchor - 40 * MIN, anchor - 30 * MIN, "eu-west").length;
    const before = errors(edge.start - 30 * MIN, edge.start - 20 * MIN, "eu-west").length;
    const elsewhere = errors(anchor - 40 * MIN, anchor - 30 * MIN, "us-east").length;
    expect(during).toBeGreaterThan(20 * Math.max(1, before));
    expect(during).toBeGreaterThan(20 * Math.max(1, elsewhere));
  });

  it("follow some failed requests into a tenant's workload with one request id", () => {
    const from = anchor - 40 * MIN;
    const { platform, tenant } = platformLines(p, from, anchor - 30 * MIN, { background: false });
    expect(tenant.length).toBeGreaterThan(5);
    // (A path that began before the window has its first lines outside it.)
    for (const t of tenant.filter((l) => Date.parse(l.ts) > from + 10_000)) {
      const path = platform.filter((l) => l.request_id === t.request_id);
      expect(path.map((l) => l.component).sort()).toEqual(["agent", "edge", "edge"]);
      expect(path.every((l) => l.org_id === t.org_id && l.instance_id === t.instance_id)).toBe(true);
    }
  });

  it("are the same however the window is cut", () => {
    const a = anchor - 45 * MIN;
    const whole = platformLines(p, a, a + 10 * MIN);
    const parts = [platformLines(p, a, a + 3.5 * MIN), platformLines(p, a + 3.5 * MIN, a + 10 * MIN)];
    expect(parts.flatMap((x) => x.platform)).toEqual(whole.platform);
    expect(parts.flatMap((x) => x.tenant)).toEqual(whole.tenant);
  });

  it("log heartbeat misses in the host failure wave and backoffs in the projection lag spike", () => {
    const wave = demoScenarios(anchor).find((s) => s.kind === "host-failure-wave")!;
    const hb = platformLines(p, wave.start, wave.end, { background: false }).platform.filter(
      (l) => l.error_class === "HeartbeatMissed",
    );
    expect(hb.length).toBeGreaterThan(3);
    expect(new Set(hb.map((l) => l.region))).toEqual(new Set([wave.region]));
    const lag = demoScenarios(anchor).find((s) => s.kind === "projection-lag")!;
    const backoffs = platformLines(p, lag.start, lag.end, { background: false }).platform.filter(
      (l) => l.error_class === "PoisonEvent",
    );
    expect(backoffs.length).toBeGreaterThan(50);
    expect(new Set(backoffs.map((l) => l.region))).toEqual(new Set([lag.region]));
  });
});

describe("simulated changes", () => {
  const day = changePosts(p, anchor - 24 * 60 * MIN, anchor + 3 * 60 * MIN);

  it("push an edge config to eu-west right before the degradation and roll it back as it recovers", () => {
    const push = day.find((c) => c.body.external_id === "sim-edge-eu-west-config-push")!;
    expect(push.body).toMatchObject({ kind: "config", service: "edge", regions: ["eu-west"], status: "succeeded" });
    const started = Date.parse(push.body.started_at);
    expect(edge.start - started).toBe(2 * MIN);
    expect(push.body.ref).toBe(`edge-config ${edgeConfigVersion(started)}`);
    const rollback = day.find((c) => c.body.external_id === "sim-edge-eu-west-rollback")!;
    expect(rollback.body).toMatchObject({ kind: "rollback", status: "succeeded" });
    // It begins as the failures start to fall (the demo SEV1's "rollback under way") and ends as they settle.
    expect(Date.parse(rollback.body.started_at)).toBe(edge.start + 48 * MIN);
    expect(Date.parse(rollback.body.finished_at!)).toBe(edge.start + 137 * MIN);
  });

  it("post a running change as started, and its end once it ends", () => {
    const rollbackStart = edge.start + 48 * MIN;
    const early = changePosts(p, rollbackStart - MIN, rollbackStart + MIN).find(
      (c) => c.body.external_id === "sim-edge-eu-west-rollback",
    )!;
    expect(early.body).toMatchObject({ status: "started", finished_at: null });
  });

  it("deploy routinely through the day, never the edge, and release the tenants' apps with the ids their lines carry", () => {
    const routine = day.filter((c) => c.body.external_id.startsWith("sim-routine-"));
    expect(routine.length).toBeGreaterThan(4);
    expect(routine.some((c) => c.body.service === "edge")).toBe(false);
    const releases = day.filter((c) => c.body.org_id);
    expect(releases.length).toBeGreaterThanOrEqual(5 * 4);
    expect(releases.every((c) => c.body.kind === "deploy" && c.body.app_id && c.body.ref?.startsWith("v"))).toBe(true);
  });

  it("are the same however the window is cut", () => {
    const a = anchor - 24 * 60 * MIN;
    const cut = anchor - 7 * 60 * MIN;
    const parts = [...changePosts(p, a, cut), ...changePosts(p, cut, anchor + 3 * 60 * MIN)];
    // The same final states; a change running across the cut is posted as started, then as ended.
    const last = (list: typeof day) => new Map(list.map((c) => [c.body.external_id, c.body]));
    expect(last(parts)).toEqual(last(day));
  });
});

describe("simulated platform events", () => {
  const HOUR = 60 * MIN;
  const scenario = (kind: string) => p.scenarios.find((s) => s.kind === kind)!;
  const at = (e: { ts: string }) => Date.parse(e.ts);

  it("are the same however the window is cut, with stable ids", () => {
    const a = anchor - 7 * HOUR;
    const whole = eventPosts(p, a, a + 3 * HOUR);
    expect(eventPosts(p, a, a + 3 * HOUR)).toEqual(whole);
    const cut = a + 77 * MIN + 1234;
    expect([...eventPosts(p, a, cut), ...eventPosts(p, cut, a + 3 * HOUR)]).toEqual(whole);
    expect(new Set(whole.map((e) => e.event_id)).size).toBe(whole.length);
  });

  it("are all valid for POST /api/v1/platform/events, and a day of history stays in the tens of thousands", () => {
    const day = eventPosts(p, anchor - 24 * HOUR, anchor - HOUR, { sparseCursors: true });
    const hour = eventPosts(p, anchor - HOUR, anchor);
    const all = [...day, ...hour];
    expect(all.length).toBeGreaterThan(5000);
    expect(all.length).toBeLessThan(40_000);
    const invalid = all.filter((e) => !platformEventBody.safeParse(e).success);
    expect(invalid.slice(0, 3)).toEqual([]);
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(PLATFORM_EVENT_KINDS.filter((k) => k !== "route.unbound")));
  });

  it("roll out every release with the ids the tenant lines carry: old instances stop for the upgrade, new ones serve", () => {
    const b = Math.floor(anchor / RELEASE_EVERY_MS) * RELEASE_EVERY_MS;
    const events = eventPosts(p, b - 3 * MIN, b + MIN);
    const env = (e: { app_id?: string | null; env_id?: string | null }) => e.app_id === "web" && e.env_id === "staging";
    const activated = events.find((e) => e.kind === "release.activated" && env(e) && e.process_type === "web")!;
    expect(activated).toMatchObject({ release_id: demoReleaseId(b, "web"), desired_instances: 1 });
    const fresh = demoInstanceId(b, "web", "web", 1, "staging");
    const old = demoInstanceId(b - 1, "web", "web", 1, "staging");
    expect(events.filter((e) => e.instance_id === fresh).map((e) => e.kind)).toEqual([
      "instance.allocated",
      "instance.booted",
      "instance.ready",
      "health_check.passed",
    ]);
    expect(events.find((e) => e.instance_id === old && e.kind === "instance.stopped")).toMatchObject({
      reason: "upgrade",
      ts: new Date(b).toISOString(),
    });
    const bound = events.find((e) => e.kind === "route.bound" && e.route === "web.staging.acme.app")!;
    expect(bound.backends?.map((x) => x.instance_id)).toEqual([fresh]);
    const applied = events.filter((e) => e.kind === "edge.config_applied" && e.route === "web.staging.acme.app");
    expect(applied.map((e) => e.node_id)).toEqual(Array.from({ length: 8 }, (_, i) => `edge-us-east-${i + 1}`));
  });

  it("kill acme/api/production's web instance for memory every few minutes, at its cap, and restart it; its lines pause meanwhile", () => {
    const from = anchor - 3 * HOUR;
    const events = eventPosts(p, from, anchor).filter(
      (e) => e.app_id === "api" && e.env_id === "production" && e.process_type === "web",
    );
    const kills = events.filter((e) => e.reason === "oom_killed");
    expect(kills.length).toBeGreaterThan(15);
    for (const k of kills) {
      expect(k).toMatchObject({ kind: "instance.stopped", org_id: "acme", exit_code: 137 });
      expect(k.resources?.memory_peak_bytes).toBe(512 * 1024 * 1024);
      expect(k.resources?.memory_limit_bytes).toBe(512 * 1024 * 1024);
      expect(k.resources?.cpu_throttled_share).toBeGreaterThan(0.5);
      const after = events.filter((e) => e.instance_id === k.instance_id && at(e) > at(k) && at(e) < at(k) + MIN);
      expect(after.map((e) => e.kind)).toEqual([
        "instance.allocated",
        "instance.booted",
        "instance.ready",
        "health_check.passed",
      ]);
    }
    const gaps = kills.slice(1).map((k, i) => at(k) - at(kills[i]!));
    expect(gaps.filter((g) => g <= 10 * MIN).length).toBeGreaterThan(gaps.length * 0.8);
    // The tenant's own lines: none from the killed instance until it booted again.
    const lines = demoLines(from, anchor, 5);
    const down = lines.filter((l) =>
      kills.some(
        (k) => l.instance_id === k.instance_id && Date.parse(l.ts) >= at(k) && Date.parse(l.ts) < at(k) + 20_000,
      ),
    );
    expect(down).toEqual([]);
    expect(lines.some((l) => l.instance_id === kills[0]!.instance_id)).toBe(true);
  });

  it("leave globex/billing/staging not serving: its release's web instance fails GET /health and is never ready", () => {
    for (const now of [anchor, anchor - 5 * HOUR - 17 * MIN, anchor + 2 * HOUR + 3 * MIN]) {
      const events = eventPosts(p, eventHistoryStart(now - HOUR), now);
      const billing = replayEnv(events, "globex", "billing", "staging", now);
      expect(billing.verdict).toBe("not_serving");
      expect(billing.reasons.join("\n")).toContain(
        'GET /health answered 503: pq: database "billing_staging" does not exist',
      );
      expect(billing.reasons.join("\n")).toContain("route billing.staging.globex.com");
      // A healthy env beside it serves.
      expect(replayEnv(events, "acme", "web", "staging", now)).toEqual({ verdict: "serving", reasons: [] });
    }
    const events = eventPosts(p, anchor - HOUR, anchor).filter((e) => e.app_id === "billing" && e.env_id === "staging");
    expect(events.filter((e) => e.kind === "health_check.failed").length).toBeGreaterThan(20);
    expect(events.filter((e) => e.reason === "health_check_failed").length).toBeGreaterThan(5);
    expect(events.some((e) => e.kind === "instance.ready" && e.process_type === "web")).toBe(false);
  });

  it("lose the instances on the hosts a failure wave takes down, and reschedule them on other hosts", () => {
    const wave = scenario("host-failure-wave");
    const events = eventPosts(p, wave.start - 30 * MIN, wave.end + 30 * MIN);
    const lost = events.filter((e) => e.reason === "host_lost");
    expect(lost.length).toBeGreaterThan(2);
    const down = (p.byMetric.get("host_state") ?? []).filter((s) => s.labels.state === "down");
    for (const l of lost) {
      expect(l.kind).toBe("instance.failed");
      expect(l.region).toBe(wave.region);
      const series = down.find((s) => s.labels.host === l.host_id)!;
      expect(p.value(series, at(l))).toBe(1);
      const again = events.filter((e) => e.instance_id === l.instance_id && at(e) > at(l));
      // (globex/billing/staging's web instance boots elsewhere, and fails its check there as before.)
      const next =
        l.app_id === "billing" && l.env_id === "staging" && l.process_type === "web"
          ? "health_check.failed"
          : "instance.ready";
      expect(again.slice(0, 3).map((e) => e.kind)).toEqual(["instance.allocated", "instance.booted", next]);
      expect(again[0]!.host_id).not.toBe(l.host_id);
    }
    const web = lost.find((l) => l.process_type === "web" && l.env_id === "production")!;
    const rebound = events.filter((e) => e.kind === "route.bound" && e.route === "shop.globex.com" && at(e) > at(web));
    expect(rebound[0]!.backends?.map((b) => b.instance_id)).not.toContain(web.instance_id);
    expect(rebound[1]!.backends?.map((b) => b.instance_id)).toContain(web.instance_id);
  });

  it("fail the edge config push on eu-west nodes within the SEV1, and apply the rollback on every node", () => {
    const changes = changePosts(p, anchor - 24 * HOUR, anchor + 6 * HOUR);
    const push = changes.find((c) => c.body.external_id === "sim-edge-eu-west-config-push")!.body;
    const rollback = changes.find((c) => c.body.external_id === "sim-edge-eu-west-rollback")!.body;
    const events = eventPosts(p, anchor - 24 * HOUR, anchor + 6 * HOUR).filter((e) => e.kind.startsWith("edge."));
    const failed = events.filter((e) => e.kind === "edge.apply_failed");
    expect(failed.length).toBeGreaterThan(2);
    for (const f of failed) {
      expect(f.region).toBe("eu-west");
      expect(f.error).toBeTruthy();
      expect(at(f)).toBeGreaterThanOrEqual(Date.parse(push.started_at));
      expect(at(f)).toBeLessThan(Date.parse(rollback.finished_at!));
      expect(at(f)).toBeLessThan(edge.end);
    }
    // The other nodes took the push.
    const pushed = events.filter((e) => Math.abs(at(e) - at(failed[0]!)) < MIN);
    expect(pushed.filter((e) => e.kind === "edge.config_applied").length).toBeGreaterThan(failed.length);
    // After the rollback every node of every eu-west route applied the same version.
    const after = events.filter((e) => e.region === "eu-west" && at(e) < Date.parse(rollback.finished_at!) + MIN);
    const latest = new Map(after.map((e) => [`${e.route} ${e.node_id}`, e]));
    expect([...latest.values()].every((e) => e.kind === "edge.config_applied")).toBe(true);
    for (const route of ["acme.app", "www.acme.app", "billing.globex.com"])
      expect(new Set([...latest.values()].filter((e) => e.route === route).map((e) => e.config_version)).size).toBe(1);
  });

  it("report the consumers' cursors every 30 s, the lagging projection falling behind in the scenario and catching up", () => {
    const lag = scenario("projection-lag");
    const events = eventPosts(p, lag.start - 10 * MIN, lag.end + 15 * MIN).filter((e) => e.kind === "consumer.cursor");
    const behind = (name: string) =>
      events
        .filter((e) => e.consumer?.name === name)
        .map((e) => ({ t: at(e), lag: at(e) - Date.parse(e.consumer!.applied_ts!), e }));
    const apps = behind(`projection-${lag.target}-${lag.region}`);
    const during = apps.filter((x) => x.t >= lag.start + MIN && x.t < lag.end - 2 * MIN);
    expect(during.length).toBeGreaterThan(30);
    expect(during.at(-1)!.lag).toBeGreaterThan(15 * MIN);
    expect(during.every((x, i) => i === 0 || x.lag > during[i - 1]!.lag)).toBe(true);
    expect(during.every((x) => x.e.consumer?.error && x.e.consumer.backoff_seconds)).toBe(true);
    expect(apps.filter((x) => x.t > lag.end + 5 * MIN).every((x) => x.lag < MIN && !x.e.consumer?.error)).toBe(true);
    // The others keep up, every 30 s.
    const machines = behind(`projection-machines-${lag.region}`);
    expect(machines.every((x) => x.lag < MIN)).toBe(true);
    expect(machines.slice(1).every((x, i) => x.t - machines[i]!.t === 30_000)).toBe(true);
  });
});

/** An env's verdict as describe gives it, from its events replayed through the pure rules (the projections' fold). */
function replayEnv(events: PlatformEventBody[], org: string, app: string, env: string, now: number) {
  const seen = events.filter((e) => Date.parse(e.ts) < now);
  const v = <T extends { ts: string; event_id: string }>(e: T) => ({ ...e, ts: Date.parse(e.ts), iso: e.ts });
  const mine = seen.filter((e) => e.org_id === org && e.app_id === app && e.env_id === env).map(v);
  const instances = latestBy(
    mine.filter((e) => e.kind.startsWith("instance.")),
    (e) => e.instance_id ?? null,
  );
  const health = latestBy(
    mine.filter((e) => e.kind.startsWith("health_check.")),
    (e) => e.instance_id ?? null,
  );
  const desired = latestBy(
    mine.filter((e) => e.kind === "release.activated"),
    (e) => e.process_type ?? null,
  );
  const routes = latestBy(
    mine.filter((e) => e.kind.startsWith("route.")),
    (e) => e.route ?? null,
  );
  const edgeLatest = latestBy(
    seen.filter((e) => e.kind.startsWith("edge.") && routes.has(e.route ?? "")).map(v),
    (e) => `${e.route} ${e.node_id}`,
  );
  const facts = [...instances.values()]
    .filter((e) => !isGone(stateOf(e.kind)!) || e.ts > now - 60 * MIN)
    .map((e): InstanceFacts & { process_type: string } => {
      const h = health.get(e.instance_id!);
      return {
        process_type: e.process_type!,
        instance_id: e.instance_id!,
        release_id: e.release_id ?? null,
        state: stateOf(e.kind)!,
        since: e.iso,
        reason: e.reason ?? null,
        exit_code: e.exit_code ?? null,
        resources: (e.resources as Record<string, number> | null | undefined) ?? null,
        health: h ? { passed: h.kind === "health_check.passed", at: h.iso, check: h.health_check ?? null } : null,
      };
    });
  const stops = mine
    .filter((e) => (e.kind === "instance.stopped" || e.kind === "instance.failed") && e.ts > now - 60 * MIN)
    .sort((a, b) => b.ts - a.ts);
  const types = [...new Set([...desired.keys(), ...facts.map((f) => f.process_type)])].sort();
  const processes: ProcessFacts[] = types.map((pt) => {
    const d = desired.get(pt);
    return {
      process_type: pt,
      desired: d ? { release_id: d.release_id!, desired_instances: d.desired_instances ?? null } : null,
      instances: facts.filter((f) => f.process_type === pt),
      stops: stops
        .filter((s) => s.process_type === pt)
        .map((s) => ({
          instance_id: s.instance_id!,
          at: s.iso,
          reason: s.reason ?? null,
          exit_code: s.exit_code ?? null,
        })),
    };
  });
  const bound: RouteFacts[] = [...routes.values()]
    .filter((r) => r.kind === "route.bound")
    .map((r) => ({
      route: r.route!,
      bound: true,
      backends: r.backends ?? [],
      edge: [...edgeLatest.values()]
        .filter((e) => e.route === r.route)
        .map((e) => ({
          node_id: e.node_id!,
          region: e.region,
          config_version: e.config_version ?? 0,
          applied: e.kind === "edge.config_applied",
          error: e.error ?? null,
        })),
    }));
  return verdict(processes, bound, "operator");
}
