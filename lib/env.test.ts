import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment", () => {
  it("defaults to the embedded store in ./.data", () => {
    const e = parseEnv({});
    expect(e.embedded).toBe(true);
    expect(e.DATA_DIR).toBe("./.data");
    expect(e.oidc).toBe(false);
  });

  it("requires NEXTAUTH_SECRET with a Postgres server, saying how to make one", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db" })).toThrow(
      /NEXTAUTH_SECRET is required when DATABASE_URL is set.*openssl rand/,
    );
  });

  it("keeps logs in the console's database unless LOG_STORE says otherwise, and checks the ClickHouse settings", () => {
    expect(parseEnv({}).LOG_STORE).toBe("postgres");
    expect(parseEnv({ LOG_STORE: "chdb" })).toMatchObject({ LOG_STORE: "chdb", CLICKHOUSE_DATABASE: "ops_console" });
    expect(() => parseEnv({ LOG_STORE: "loki" })).toThrow(/LOG_STORE must be postgres, chdb or clickhouse/);
    expect(() => parseEnv({ LOG_STORE: "clickhouse" })).toThrow(/CLICKHOUSE_URL is required with LOG_STORE=clickhouse/);
    expect(() => parseEnv({ LOG_STORE: "clickhouse", CLICKHOUSE_URL: "tcp://ch:9000" })).toThrow(
      /CLICKHOUSE_URL must be the server's http\(s\) URL/,
    );
    expect(() => parseEnv({ LOG_STORE: "chdb", CLICKHOUSE_DATABASE: "ops; drop" })).toThrow(
      /CLICKHOUSE_DATABASE must be a database name/,
    );
    expect(() => parseEnv({ LOG_STORE: "chdb", CLICKHOUSE_CLUSTER: "main" })).toThrow(
      /CLICKHOUSE_CLUSTER applies to LOG_STORE=clickhouse only/,
    );
    expect(
      parseEnv({
        LOG_STORE: "clickhouse",
        CLICKHOUSE_URL: "https://ch.internal:8443",
        CLICKHOUSE_CLUSTER: "logs_cluster",
      }).CLICKHOUSE_CLUSTER,
    ).toBe("logs_cluster");
  });

  it("takes the trace sampling settings and says what is wrong with them", () => {
    expect(parseEnv({})).toMatchObject({
      TRACE_SAMPLE_RATE: 0.1,
      TRACE_SLOW_MS: 1000,
      TRACE_SLOW_MS_BY_SERVICE: {},
      TRACE_DECISION_MINUTES: 10,
      TRACE_RETENTION_DAYS: 7,
    });
    expect(parseEnv({ TRACE_SAMPLE_RATE: "0.25", TRACE_SLOW_MS_BY_SERVICE: '{"edge":500}' })).toMatchObject({
      TRACE_SAMPLE_RATE: 0.25,
      TRACE_SLOW_MS_BY_SERVICE: { edge: 500 },
    });
    expect(() => parseEnv({ TRACE_SAMPLE_RATE: "1.5" })).toThrow(/TRACE_SAMPLE_RATE must be a number from 0 to 1/);
    expect(() => parseEnv({ TRACE_SLOW_MS_BY_SERVICE: "edge=500" })).toThrow(/TRACE_SLOW_MS_BY_SERVICE must be JSON/);
    expect(() => parseEnv({ TRACE_SLOW_MS_BY_SERVICE: '{"edge":-1}' })).toThrow(/whole milliseconds/);
  });

  it("rejects a DATABASE_URL that is not postgres", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", NEXTAUTH_SECRET: "x".repeat(32) })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
  });

  it("rejects a short secret and half an OIDC configuration", () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(() => parseEnv({ OIDC_ISSUER: "http://127.0.0.1:9000" })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/,
    );
  });

  it("enables SSO when all three OIDC settings are given", () => {
    const e = parseEnv({ OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" });
    expect(e.oidc).toBe(true);
    expect(e.OIDC_NAME).toBe("SSO");
  });
});

describe("environment for database tools", () => {
  it("does not need the session secret to migrate or seed a Postgres server", () => {
    const e = parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db" }, { serving: false });
    expect(e.embedded).toBe(false);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" }, { serving: false })).toThrow(/DATABASE_URL/);
  });

  it("reads the metrics regions as a list, the simulator's three by default, and refuses names that are not slugs", () => {
    expect(parseEnv({}).METRICS_REGIONS).toBeUndefined(); // lib/metrics then uses the simulator's regions
    expect(parseEnv({ METRICS_REGIONS: " iad, fra ,sin " }).METRICS_REGIONS).toEqual(["iad", "fra", "sin"]);
    expect(() => parseEnv({ METRICS_REGIONS: "EU West" })).toThrow(
      /METRICS_REGIONS must be a comma-separated list of region names/,
    );
    expect(() => parseEnv({ METRICS_REGIONS: " , " })).toThrow(/METRICS_REGIONS/);
  });
  it("refuses a paging webhook inside the platform unless OUTBOUND_ALLOW lets it through, and checks the list", () => {
    expect(() => parseEnv({ PAGING_WEBHOOK_URL: "http://169.254.169.254/hook" })).toThrow(
      /PAGING_WEBHOOK_URL must not point inside the platform.*OUTBOUND_ALLOW/,
    );
    expect(
      parseEnv({ PAGING_WEBHOOK_URL: "http://10.1.2.3/page", OUTBOUND_ALLOW: "10.1.0.0/16" }).PAGING_WEBHOOK_URL,
    ).toBe("http://10.1.2.3/page");
    expect(() => parseEnv({ OUTBOUND_ALLOW: "10.0.0.0/40" })).toThrow(
      /OUTBOUND_ALLOW '10.0.0.0\/40' is not an address, a CIDR range or a host name/,
    );
  });

  it("reads extra redaction patterns and the public limits, saying what is wrong", () => {
    expect(
      parseEnv({ LOG_REDACT_PATTERNS: '[{"name":"ssn","pattern":"\\\\d{3}-\\\\d{2}"}]' }).LOG_REDACT_PATTERNS.map(
        (p) => p.name,
      ),
    ).toEqual(["ssn"]);
    expect(() => parseEnv({ LOG_REDACT_PATTERNS: '[{"name":"x","pattern":"("}]' })).toThrow(
      /LOG_REDACT_PATTERNS \[0\]\.pattern is not a regular expression/,
    );
    expect(parseEnv({}).CHANGE_MAX_BACKDATE_MINUTES).toBe(60);
    expect(parseEnv({}).METRICS_PUBLIC).toBe(false);
    expect(() => parseEnv({ PUBLIC_RATE_PER_MINUTE: "0" })).toThrow(/PUBLIC_RATE_PER_MINUTE must be at least 1/);
  });

  it("keeps the platform's events for ever unless PLATFORM_EVENT_RETENTION_DAYS says how many days", () => {
    expect(parseEnv({}).PLATFORM_EVENT_RETENTION_DAYS).toBeUndefined();
    expect(parseEnv({ PLATFORM_EVENT_RETENTION_DAYS: "400" }).PLATFORM_EVENT_RETENTION_DAYS).toBe(400);
    expect(() => parseEnv({ PLATFORM_EVENT_RETENTION_DAYS: "forever" })).toThrow(
      /PLATFORM_EVENT_RETENTION_DAYS must be a whole number/,
    );
    expect(() => parseEnv({ PLATFORM_EVENT_RETENTION_DAYS: "0" })).toThrow(
      /PLATFORM_EVENT_RETENTION_DAYS must be at least 1/,
    );
  });
});
