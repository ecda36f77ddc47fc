import { describe, expect, it } from "vitest";
import type { PlatformEvent } from "./contract";
import { cursorTrouble, eventWords, isTrouble, lagWords, stopWords } from "./words";

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

  it("judges a consumer by how far behind it was when it reported, and by its silence", () => {
    const now = Date.parse("2026-12-03T14:10:00Z");
    const c = {
      applied_event_id: "e9",
      error: null,
      applied_ts: "2026-12-03T14:05:00Z",
      reported_at: "2026-12-03T14:05:00.400Z",
    };
    expect(lagWords(c)).toBe("up to date");
    expect(cursorTrouble(c, now)).toBe(false); // reported five minutes ago, caught up then
    const behind = { ...c, reported_at: "2026-12-03T14:09:10Z" };
    expect(lagWords(behind)).toBe("4 min 10 s behind");
    expect(cursorTrouble(behind, now)).toBe(true);
    expect(cursorTrouble(c, Date.parse("2026-12-03T14:16:00Z"))).toBe(true); // silent for eleven minutes
    expect(lagWords({ ...c, applied_event_id: null, applied_ts: null })).toBe("never applied anything");
  });
});
