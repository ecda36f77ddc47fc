import { describe, expect, it } from "vitest";
import {
  collapseHealth,
  forTenant,
  isLater,
  latestBy,
  requirementProblems,
  routeVerdict,
  verdict,
  type InstanceFacts,
  type ProcessFacts,
  type RouteFacts,
} from "./rules";

const T = "2026-12-03T10:00:00.000Z";
const inst = (id: string, over: Partial<InstanceFacts> = {}): InstanceFacts => ({
  instance_id: id,
  release_id: "v42",
  state: "ready",
  since: T,
  reason: null,
  exit_code: null,
  resources: null,
  health: null,
  ...over,
});
const web = (instances: InstanceFacts[], over: Partial<ProcessFacts> = {}): ProcessFacts => ({
  process_type: "web",
  desired: { release_id: "v42", desired_instances: 3 },
  instances,
  stops: [],
  ...over,
});
const route = (over: Partial<RouteFacts> = {}): RouteFacts => ({
  route: "api.acme.app",
  bound: true,
  backends: [{ instance_id: "a" }, { instance_id: "b" }, { instance_id: "c" }],
  edge: [],
  ...over,
});
const failingCheck = { passed: false, at: "2026-12-03T10:01:00.000Z", check: { check: "GET /health", status: 503 } };

describe("what an event must carry", () => {
  it("names each field its kind needs, and a crash's exit code", () => {
    expect(requirementProblems({ kind: "instance.failed", org_id: "acme" }).map((p) => p.field)).toEqual([
      "app_id",
      "env_id",
      "process_type",
      "instance_id",
      "reason",
    ]);
    expect(requirementProblems({ kind: "edge.apply_failed", node_id: "n", route: "r", config_version: 3 })).toEqual([
      { field: "error", message: "is required for edge.apply_failed" },
    ]);
    const crash = {
      kind: "instance.stopped",
      org_id: "a",
      app_id: "a",
      env_id: "e",
      process_type: "w",
      instance_id: "i",
    } as const;
    expect(requirementProblems({ ...crash, reason: "crashed" })).toEqual([
      { field: "exit_code", message: "is required when the reason is crashed" },
    ]);
    expect(requirementProblems({ ...crash, reason: "crashed", exit_code: 0 })).toEqual([]);
  });
});

describe("order", () => {
  it("keeps the latest by time, then by event id, whatever the order given", () => {
    const a = { ts: 1000, event_id: "b", k: "x" };
    const b = { ts: 1000, event_id: "a", k: "x" };
    const c = { ts: 999, event_id: "z", k: "x" };
    expect(isLater(a, b)).toBe(true);
    expect(isLater(b, a)).toBe(false);
    expect(isLater(c, a)).toBe(false);
    for (const order of [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ])
      expect(latestBy(order, (e) => e.k).get("x")).toBe(a);
  });
});

describe("the verdict", () => {
  it("serves when every instance of the desired release is ready and every route's edge applied", () => {
    const r = route({ edge: [{ node_id: "n1", region: "eu", config_version: 3, applied: true, error: null }] });
    expect(verdict([web([inst("a"), inst("b"), inst("c")])], [r], "operator")).toEqual({
      verdict: "serving",
      reasons: [],
    });
  });

  it("is not serving when no instance of the release is ready, saying the failing check", () => {
    const p = web(["a", "b", "c"].map((id) => inst(id, { state: "booted", health: failingCheck })));
    expect(verdict([p], [route()], "operator")).toEqual({
      verdict: "not_serving",
      reasons: [
        "web: 0 of 3 instances of release v42 ready — health check failing: GET /health answered 503",
        "route api.acme.app: none of its 3 backends is ready",
      ],
    });
  });

  it("counts a ready instance whose check failed since as not serving, and one that failed before it became ready as serving", () => {
    const before = { ...failingCheck, at: "2026-12-03T09:00:00.000Z" };
    const p = web([inst("a", { health: failingCheck }), inst("b", { health: before }), inst("c")]);
    expect(verdict([p], [], "operator").reasons[0]).toBe(
      "web: 2 of 3 instances of release v42 ready — health check failing: GET /health answered 503",
    );
  });

  it("is partially serving while the old release still serves, naming the last crash", () => {
    const p = web([inst("old", { release_id: "v41" }), inst("a", { state: "failed" })], {
      stops: [{ instance_id: "a", at: T, reason: "oom_killed", exit_code: null }],
    });
    const memory = { memory_peak_bytes: 512 * 1024 * 1024, memory_limit_bytes: 512 * 1024 * 1024 };
    p.instances[1]!.resources = memory;
    expect(verdict([p], [], "operator")).toEqual({
      verdict: "partially_serving",
      reasons: [
        "web: 0 of 3 instances of release v42 ready — last stop: out of memory — 512 MiB of 512 MiB; 1 instance of v41 still serving",
      ],
    });
  });

  it("calls three unplanned stops in an hour a reason of their own; planned ones are not restarts", () => {
    const stops = [
      { instance_id: "x", at: T, reason: "crashed" as const, exit_code: 1 },
      { instance_id: "y", at: T, reason: "oom_killed" as const, exit_code: null },
      { instance_id: "z", at: T, reason: "crashed" as const, exit_code: 2 },
      { instance_id: "w", at: T, reason: "upgrade" as const, exit_code: null },
    ];
    const p = web([inst("a"), inst("b"), inst("c")], { stops });
    expect(verdict([p], [], "operator").reasons).toEqual([
      "web: 3 restarts in the last hour (2 crashed, 1 out of memory)",
    ]);
    expect(verdict([web([inst("a"), inst("b"), inst("c")], { stops: stops.slice(2) })], [], "operator").verdict).toBe(
      "serving",
    );
  });

  it("names the edge's failing region and node count to operators, and only a count of locations to tenants", () => {
    const edge = [1, 2, 3, 4, 5, 6].map((n) => ({
      node_id: `edge-${n}`,
      region: n > 4 ? "eu-west-2" : "us-east-1",
      config_version: 17,
      applied: n <= 4,
      error: n > 4 ? "bad upstream" : null,
    }));
    const p = web([inst("a"), inst("b"), inst("c")]);
    expect(verdict([p], [route({ edge })], "operator")).toEqual({
      verdict: "partially_serving",
      reasons: ["route api.acme.app: edge config v17 failed on eu-west-2 (2 of 6 nodes)"],
    });
    expect(verdict([p], [route({ edge })], "tenant").reasons).toEqual([
      "route api.acme.app: edge config v17 failing in 2 of 6 locations",
    ]);
  });

  it("is not serving with nothing activated and nothing bound; a route alone is judged on its own", () => {
    expect(verdict([], [], "tenant")).toEqual({
      verdict: "not_serving",
      reasons: ["no release is activated and no route is bound"],
    });
    expect(routeVerdict(route({ backends: [] }), new Map(), "operator")).toEqual({
      verdict: "not_serving",
      reasons: ["route api.acme.app: no backends"],
    });
  });
});

describe("what a tenant sees of an event", () => {
  it("drops hosts, nodes, backend addresses and platform errors", () => {
    const e = forTenant({
      kind: "route.bound",
      host_id: "h-1",
      node_id: "n-1",
      details: {
        backends: [{ instance_id: "i-1", address: "10.0.0.1:80" }],
        error: "internal",
        health_check: { check: "x" },
      },
    });
    expect(e).toEqual({
      kind: "route.bound",
      details: { backends: [{ instance_id: "i-1" }], health_check: { check: "x" } },
    });
  });
});

describe("a timeline", () => {
  it("keeps health checks only where they change", () => {
    const kinds = [
      "instance.ready",
      "health_check.passed",
      "health_check.passed",
      "health_check.failed",
      "health_check.failed",
      "instance.stopped",
    ] as const;
    expect(collapseHealth(kinds.map((kind) => ({ kind }))).map((e) => e.kind)).toEqual([
      "instance.ready",
      "health_check.passed",
      "health_check.failed",
      "instance.stopped",
    ]);
  });
});
