import { describe, expect, it } from "vitest";
import { fromLoki, levelFromSeverity, levelFromText, nanosToIso } from "./mapping";
import { tenantLogs } from "@/lib/logs/kind";
import { parseLabels } from "./loki";

describe("levels as shippers spell them", () => {
  it("reads OTLP severity numbers by band, then the text", () => {
    expect([1, 4, 5, 9, 12, 13, 17, 21, 24].map((n) => levelFromSeverity(n, ""))).toEqual([
      "trace",
      "trace",
      "debug",
      "info",
      "info",
      "warn",
      "error",
      "fatal",
      "fatal",
    ]);
    expect(levelFromSeverity(0, "WARNING")).toBe("warn");
    expect(levelFromSeverity(0, "")).toBe("info");
  });
  it("understands syslog, pino and common spellings, and falls back to info", () => {
    expect(["err", "CRITICAL", "warning", "notice", "50", "10", "loud"].map(levelFromText)).toEqual([
      "error",
      "fatal",
      "warn",
      "info",
      "error",
      "trace",
      "info",
    ]);
  });
});

describe("times and label sets", () => {
  it("turns Unix nanoseconds into ISO time, and refuses zero or junk", () => {
    expect(nanosToIso("1795803505488123456")).toBe("2026-11-27T18:18:25.488Z");
    expect(nanosToIso("0")).toBeNull();
    expect(nanosToIso("yesterday")).toBeNull();
  });
  it("reads a Prometheus-style label set with escapes, and names the stream when it cannot", () => {
    expect(parseLabels('{app="web", env="prod",note="say \\"hi\\"\\n"}', "s")).toEqual({
      app: "web",
      env: "prod",
      note: 'say "hi"\n',
    });
    expect(() => parseLabels("app=web", "streams[3].labels")).toThrow(/streams\[3\]\.labels/);
    expect(() => parseLabels('{app="web}', "s")).toThrow(/unterminated/);
  });
});

describe("a Loki entry as a tenant line", () => {
  const entry = {
    labels: { app: "web", env: "prod", job: "worker", region: "eu-west" },
    ts: "1795803505488000000",
    line: "hello",
    metadata: { trace_id: "abc" },
  };
  it("takes the org from the token and keeps unmapped labels in attrs", () => {
    expect(fromLoki(tenantLogs, entry, "acme")).toEqual({
      entry: {
        ts: "2026-11-27T18:18:25.488Z",
        org_id: "acme",
        app_id: "web",
        env_id: "prod",
        process_type: "worker",
        instance_id: "default",
        level: "info",
        message: "hello",
        request_id: null,
        trace_id: "abc",
        release_id: null,
        host_id: null,
        attrs: { region: "eu-west" },
      },
    });
  });
  it("says what is missing", () => {
    expect(fromLoki(tenantLogs, { ...entry, labels: { env: "prod" } }, "acme")).toEqual({
      field: "stream.app",
      message: "is required (or service_name)",
    });
    expect(fromLoki(tenantLogs, entry, null)).toMatchObject({ field: "stream.org_id" });
  });
});
