import { describe, expect, it } from "vitest";
import type { PlatformEvent } from "./contract";
import { eventWords, isTrouble, lagWords, stopWords } from "./words";

const MIB = 1024 * 1024;
const event = (e: Partial<PlatformEvent> & Pick<PlatformEvent, "kind">): PlatformEvent => ({
  position: "1",
  event_id: "e1",
  ts: "2026-12-03T14:02:00.000Z",
  region: "eu-west",
  org_id: "acme",
  app_id: "shop",
  env_id: "production",
  process_type: "web",
  release_id: "v42",
  instance_id: "web-3",
  host_id: "host-17",
  node_id: null,
  route: null,
  reason: null,
  details: {},
  received_at: "2026-12-03T14:02:01.000Z",
  ...e,
});

describe("the platform's events in words", () => {
  it("says why an instance stopped, with its memory, as a tenant reads it", () => {
    const oom = event({
      kind: "instance.stopped",
      reason: "oom_killed",
      details: { resources: { memory_peak_bytes: 512 * MIB, memory_limit_bytes: 512 * MIB, cpu_throttled_share: 0.4 } },
    });
    expect(eventWords(oom)).toBe(
      "web instance web-3 stopped: out of memory — 512 MiB of 512 MiB, CPU throttled 40 % of the time",
    );
    expect(isTrouble(oom)).toBe(true);
  });

  it("names the host only to an operator", () => {
    const lost = event({ kind: "instance.failed", reason: "host_lost" });
    expect(eventWords(lost, "tenant")).not.toContain("host-17");
    expect(eventWords(lost, "operator")).toContain("on host host-17");
  });

  it("gives a crash its exit code, and an upgrade is not trouble", () => {
    expect(stopWords({ reason: "crashed", exit_code: 137 })).toBe("crashed with exit code 137");
    expect(isTrouble(event({ kind: "instance.stopped", reason: "upgrade" }))).toBe(false);
  });

  it("says what a failing health check answered", () => {
    const failed = event({
      kind: "health_check.failed",
      details: { health_check: { check: "GET /health", status: 503, message: "database unreachable" } },
    });
    expect(eventWords(failed)).toBe(
      "Health check failed on instance web-3: GET /health answered 503: database unreachable",
    );
  });

  it("says how far a consumer is behind, and when it never applied anything", () => {
    const base = { lag_events_capped: false, applied_event_id: "e9" };
    expect(lagWords({ ...base, lag_events: 0, lag_seconds: 0 })).toBe("up to date");
    expect(lagWords({ ...base, lag_events: 1200, lag_seconds: 250 })).toBe("1,200 events, 4 min 10 s");
    expect(lagWords({ ...base, applied_event_id: null, lag_events: null, lag_seconds: null })).toBe(
      "never applied anything",
    );
  });
});
