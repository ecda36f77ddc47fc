// The simulator's platform events through the demo's in-process sink into the real projections: describe
// answers the stories the simulator tells — globex/billing/staging not serving for its failing health
// check, acme/api/production's web instance in an OOM restart loop, api.acme.app's backends and edge nodes.
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, USERS, type ApiErrorBody } from "../support/api";
import { inProcessSink } from "@/lib/demo/feed";
import type { EnvDescription } from "@/lib/events/contract";
import { createPlatform } from "@/lib/simulator";
import { writeWindow } from "@/lib/simulator/feed";

withTestDb();

const REASON = { "x-access-reason": "ticket SUP-42" };
const get = <T>(path: string) => call<T & ApiErrorBody>("GET", path, { as: USERS.oncall, headers: REASON });
let written = 0;

beforeAll(async () => {
  const now = Date.now();
  const p = createPlatform({ seed: 42, anchor: now });
  const none = async () => {};
  const sink = { ...inProcessSink, tenant: none, platform: none, changes: none };
  written = (await writeWindow(p, sink, now - 90 * 60_000, now, { tenantPerSecond: 0, backfill: true })).events;
}, 120_000);

describe("the simulator's events, described", () => {
  it("globex/billing/staging is not serving: its web instance fails GET /health", async () => {
    expect(written).toBeGreaterThan(500);
    const res = await get<{ env: EnvDescription }>("/api/v1/platform/describe/env/globex/billing/staging");
    expect(res.status, res.text).toBe(200);
    expect(res.body.env.verdict).toBe("not_serving");
    expect(res.body.env.reasons.join("\n")).toContain("GET /health answered 503");
  });

  it("acme/api/production's web instance restarts for memory at its cap", async () => {
    const res = await get<{ env: EnvDescription }>("/api/v1/platform/describe/env/acme/api/production");
    expect(res.status, res.text).toBe(200);
    const web = res.body.env.process_types.find((t) => t.process_type === "web")!;
    expect(web.restarts_last_hour.reasons.oom_killed).toBeGreaterThanOrEqual(5);
    const id = web.restarts_last_hour.recent[0]!.instance_id;
    const inst = await get<{ stops: { reason: string; resources: Record<string, number> | null }[] }>(
      `/api/v1/platform/describe/instance/${id}`,
    );
    expect(inst.status, inst.text).toBe(200);
    const oom = inst.body.stops.filter((s) => s.reason === "oom_killed");
    expect(oom.length).toBeGreaterThan(0);
    expect(oom.every((s) => s.resources?.memory_peak_bytes === s.resources?.memory_limit_bytes)).toBe(true);
  });

  it("api.acme.app is bound to the release's web instances and applied on every us-east edge node", async () => {
    const res = await get<{ route: { backends: unknown[]; edge: { locations: number } } }>(
      "/api/v1/platform/describe/route/api.acme.app",
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.route.backends).toHaveLength(2);
    expect(res.body.route.edge.locations).toBe(8);
  });
});
