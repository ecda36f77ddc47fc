// The simulator's platform logs and change events agree with its metrics and scenarios.
import { describe, expect, it } from "vitest";
import { createPlatform } from ".";
import { changePosts, edgeConfigVersion } from "./changes";
import { EDGE_SAMPLE, platformLines } from "./platform-logs";
import { demoScenarios } from "./scenarios";
import { MIN } from "./shape";

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
