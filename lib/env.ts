// The environment, validated once at start with messages a person can act on.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parseRedactPatterns, type RedactPattern } from "./redact";
import { parseAllowList, smtpProblem, targetProblem, type AllowList } from "./http/outbound-rules";
import { INCIDENT_SEVERITIES, type Severity } from "@/lib/vocabulary";
import {
  readPolicies,
  parseNotifyChannels,
  DEFAULT_UPDATE_CADENCE,
  DEFAULT_POSTMORTEM_DRAFT_HOURS,
} from "@/lib/playbook";

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

function intSetting(dflt: number, min: number, max: number) {
  return optional.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number")
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional()
      .transform((v) => v ?? dflt),
  );
}

/** A number per incident severity, like "sev0=15,sev1=30" (a severity left out has none); unset: the defaults. */
function severityTable(dflt: Record<Severity, number | null>, example: string, unit: string) {
  return optional.transform((v, ctx) => {
    if (!v) return { ...dflt };
    const out = Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, null])) as Record<Severity, number | null>;
    for (const part of v.split(",")) {
      const [name, n] = part.split("=").map((x) => x.trim());
      const severity = INCIDENT_SEVERITIES.find((s) => s === name);
      if (!severity || !/^\d{1,4}$/.test(n ?? "") || Number(n) < 1) {
        ctx.addIssue({ code: "custom", message: `'${part.trim()}' is not like ${example} (${unit}, at least 1)` });
        return z.NEVER;
      }
      out[severity] = Number(n);
    }
    return out;
  });
}

const schema = z
  .object({
    DATA_DIR: optional.transform((v) => v ?? "./.data"),
    DATABASE_URL: optional.refine((v) => !v || /^postgres(ql)?:\/\//.test(v), {
      message: "must be a postgres:// or postgresql:// connection URL",
    }),
    NEXTAUTH_SECRET: optional.refine((v) => !v || v.length >= 32, {
      message: "must be at least 32 characters (generate one with: openssl rand -base64 32)",
    }),
    NEXTAUTH_URL: optional.refine((v) => !v || URL.canParse(v), {
      message: "must be an absolute URL like http://127.0.0.1:3000",
    }),
    OIDC_ISSUER: optional.refine((v) => !v || URL.canParse(v), {
      message: "must be the issuer URL of your OpenID provider",
    }),
    OIDC_CLIENT_ID: optional,
    OIDC_CLIENT_SECRET: optional,
    OIDC_NAME: optional.transform((v) => v ?? "SSO"),
    LOG_RETENTION_DAYS: intSetting(30, 1, 3650),
    PLATFORM_LOG_RETENTION_DAYS: intSetting(14, 1, 3650),
    /** Days the platform's events are kept; unset: for ever (the projections describe reads are kept either way). */
    PLATFORM_EVENT_RETENTION_DAYS: optional.pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a whole number of days (unset: keep every event)")
        .transform(Number)
        .pipe(z.number().min(1, "must be at least 1").max(36500, "must be at most 36500"))
        .optional(),
    ),
    /** Days kept spans (traces) are kept; older day partitions are dropped hourly. */
    TRACE_RETENTION_DAYS: intSetting(7, 1, 3650),
    /** The share of traces kept that have no error and no slow span (0 to 1); errors and slow traces are always kept. */
    TRACE_SAMPLE_RATE: optional.pipe(
      z
        .string()
        .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, "must be a number from 0 to 1, e.g. 0.1")
        .transform(Number)
        .optional()
        .transform((v) => v ?? 0.1),
    ),
    /** A span at least this slow (ms) keeps its trace, unless TRACE_SLOW_MS_BY_SERVICE names its service. */
    TRACE_SLOW_MS: intSetting(1000, 1, 86_400_000),
    /** Per-service slow thresholds, JSON {"service": ms}. */
    TRACE_SLOW_MS_BY_SERVICE: optional.transform((v, ctx): Record<string, number> => {
      if (!v) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: "custom", message: 'must be JSON, e.g. {"edge":500,"control-plane":2000}' });
        return z.NEVER;
      }
      const r = z
        .record(
          z.string().min(1).max(200),
          z.number().int("must be whole milliseconds").min(1, "must be at least 1").max(86_400_000),
        )
        .safeParse(parsed);
      if (!r.success) {
        ctx.addIssue({
          code: "custom",
          message: `must map service names to whole milliseconds (1 to 86400000): ${r.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
        });
        return z.NEVER;
      }
      return r.data;
    }),
    /** Minutes a trace that is neither rate-kept, failed nor slow waits for an error or slow span before it is dropped. */
    TRACE_DECISION_MINUTES: intSetting(10, 1, 24 * 60),
    LOG_MAX_WINDOW_HOURS: intSetting(7 * 24, 1, 3650 * 24),
    LOG_MAX_PAGE_LINES: intSetting(5000, 1, 100_000),
    LOG_MAX_TAILS_PER_ORG: intSetting(10, 1, 1000),
    LOG_MAX_TAILS_PER_USER: intSetting(5, 1, 1000),
    LOG_MAX_TAILS_PER_PROCESS: intSetting(500, 1, 100_000),
    LOG_ACCESS_REASON_MINUTES: intSetting(60, 1, 24 * 60),
    LOG_TAIL_LINES_PER_SECOND: intSetting(500, 1, 100_000),
    LOG_TAIL_MAX_SECONDS: intSetting(3600, 5, 86_400),
    LOG_EXPORT_MAX_LINES: intSetting(100_000, 1, 10_000_000),
    /** Ingest batches one sender (a token or a person) may post per LOG_INGEST_WINDOW_SECONDS, on every protocol. */
    LOG_INGEST_MAX_BATCHES: intSetting(1200, 1, 1_000_000),
    LOG_INGEST_WINDOW_SECONDS: intSetting(60, 1, 3600),
    /** Where log lines live: the console's database (default), ClickHouse in process (chDB), or a ClickHouse server or cluster. */
    LOG_STORE: optional
      .pipe(z.enum(["postgres", "chdb", "clickhouse"], { message: "must be postgres, chdb or clickhouse" }).optional())
      .transform((v) => v ?? "postgres"),
    /** chDB's data directory (default DATA_DIR/logs). */
    CHDB_PATH: optional,
    CLICKHOUSE_URL: optional.refine((v) => !v || (/^https?:\/\//.test(v) && URL.canParse(v)), {
      message: "must be the server's http(s) URL, like http://127.0.0.1:8123",
    }),
    CLICKHOUSE_USER: optional,
    CLICKHOUSE_PASSWORD: optional,
    CLICKHOUSE_DATABASE: optional
      .transform((v) => v ?? "ops_console")
      .refine((v) => /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v), {
        message: "must be a database name: letters, digits and underscores",
      }),
    /** A cluster name from the servers' remote_servers: replicated tables on every shard behind a Distributed table. */
    CLICKHOUSE_CLUSTER: optional.refine((v) => !v || /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v), {
      message: "must be a cluster name: letters, digits and underscores",
    }),
    DEMO_LOGS: optional.transform((v) => v !== "0" && v !== "false"),
    DEMO_LOGS_HOURS: intSetting(24, 0, 720),
    DEMO_LOGS_PER_SECOND: intSetting(3, 0, 10_000),
    PROMETHEUS_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), {
      message: "must be an http(s) URL like http://127.0.0.1:9090",
    }),
    PROMETHEUS_TIMEOUT_MS: intSetting(10_000, 100, 300_000),
    METRICS_MIN_RATE_WINDOW_SECONDS: intSetting(60, 1, 3600),
    // Unset: lib/metrics uses the simulator's regions.
    METRICS_REGIONS: optional
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((r) => r.trim())
              .filter(Boolean)
          : undefined,
      )
      .refine(
        (list) =>
          !list || (list.length > 0 && list.length <= 50 && list.every((r) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(r))),
        {
          message:
            "must be a comma-separated list of region names (lowercase letters, digits, dashes), e.g. us-east,eu-west",
        },
      ),
    SIMULATOR_SEED: intSetting(42, 0, 2 ** 31),
    SIMULATOR_ANCHOR: optional.refine((v) => !v || !Number.isNaN(Date.parse(v)), {
      message: "must be an ISO-8601 time",
    }),
    SIMULATOR_SCENARIOS: optional,
    DEMO_ALERTS: optional.transform((v) => v !== "0" && v !== "false"),
    HANDOFF_STALE_MINUTES: intSetting(30, 1, 1440),
    TRUST_PROXY_HOPS: intSetting(0, 0, 10),
    /** Extra secrets to redact from log lines at ingest: JSON [{"name": "…", "pattern": "<regex>"}]. */
    LOG_REDACT_PATTERNS: optional.transform((v, ctx): RedactPattern[] => {
      if (!v) return [];
      const { patterns, problems } = parseRedactPatterns(v);
      for (const message of problems) ctx.addIssue({ code: "custom", message });
      return problems.length ? z.NEVER : patterns;
    }),
    /** How far before its arrival a change may say it started, unless it is marked as a backfill. */
    CHANGE_MAX_BACKDATE_MINUTES: intSetting(60, 1, 7 * 24 * 60),
    /** Public pages (/status, its API and feed): requests per minute one address may make. */
    PUBLIC_RATE_PER_MINUTE: intSetting(120, 1, 100_000),
    /** Addresses outbound notifications may reach although they are loopback or private: IPs, CIDR ranges or host names, comma-separated. */
    OUTBOUND_ALLOW: optional.transform((v, ctx): AllowList => {
      const { list, problems } = parseAllowList(v ?? "");
      for (const message of problems) ctx.addIssue({ code: "custom", message });
      return problems.length ? z.NEVER : list;
    }),
    /** Serve /api/metrics without METRICS_TOKEN (its per-org figures are left out). */
    METRICS_PUBLIC: optional.transform((v) => v === "1" || v === "true"),
    METRICS_TOKEN: optional.refine((v) => !v || v.length >= 16, {
      message: "must be at least 16 characters (Prometheus sends it as a bearer token)",
    }),
    PAGING_WEBHOOK_URL: optional.refine((v) => !v || /^https?:\/\//.test(v), {
      message: "must be an http(s) URL that accepts a JSON POST",
    }),
    /** Response times and escalation steps per severity, JSON over the playbook's defaults, e.g. {"critical":{"ack_within_s":300,"escalate_after_s":900}}. */
    ESCALATION_POLICY: optional.transform((v, ctx) => {
      if (!v) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: 'must be JSON, e.g. {"critical":{"ack_within_s":300,"escalate_after_s":900}}',
        });
        return z.NEVER;
      }
      const { policies, problems } = readPolicies(parsed);
      if (problems.length) {
        ctx.addIssue({ code: "custom", message: problems.join("; ") });
        return z.NEVER;
      }
      return policies;
    }),
    /** The engineering manager: the last escalation step (a user id); without it, escalation ends at the tertiary. */
    ESCALATION_MANAGER: optional,
    /** The executive: the fifth escalation step, for critical alerts attached to a SEV0 only (a user id). */
    ESCALATION_EXECUTIVE: optional,
    /** Which channels each severity's notifications use, over the playbook's (see lib/playbook.ts). */
    NOTIFY_CHANNELS: optional.transform((v, ctx) => {
      const { rules, problems } = parseNotifyChannels(v ?? "");
      for (const message of problems) ctx.addIssue({ code: "custom", message });
      return problems.length ? z.NEVER : rules;
    }),
    /** Email notifications: the SMTP server, smtp://user:pass@host:port or smtps://… (without it, email is not sent). */
    SMTP_URL: optional.refine((v) => !v || /^smtps?:\/\/[^/]+/.test(v), {
      message: "must be an smtp:// or smtps:// URL, like smtp://user:password@mail.internal:587",
    }),
    /** The From address of email notifications. */
    SMTP_FROM: optional.refine((v) => !v || /^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(v), {
      message: 'must be an address, like oncall@example.com or "Ops Console <oncall@example.com>"',
    }),
    /** A scheduled maintenance window lasts at most this many minutes (the playbook: 2 h). */
    MAINTENANCE_MAX_MINUTES: intSetting(120, 5, 7 * 24 * 60),
    /** A scheduled maintenance window is announced at least this many hours ahead (the playbook: 72 h). */
    MAINTENANCE_NOTICE_HOURS: intSetting(72, 0, 24 * 30),
    /** How often each console process looks for pages due to escalate. */
    ESCALATION_TICK_MS: intSetting(5000, 50, 60_000),
    /** Minutes between customer updates per severity while open, e.g. "sev0=15,sev1=30,sev2=60" (a severity left out has none). */
    STATUS_UPDATE_CADENCE: severityTable(DEFAULT_UPDATE_CADENCE, "sev1=30", "minutes"),
    /** Hours after resolution a postmortem draft is due, per severity, e.g. "sev0=24,sev1=24,sev2=48" (left out: none due). */
    POSTMORTEM_DRAFT_HOURS: severityTable(DEFAULT_POSTMORTEM_DRAFT_HOURS, "sev2=48", "hours"),
    /** The postmortem's review meeting is held within this many days of resolution (the playbook: 1–7 days). */
    POSTMORTEM_REVIEW_DAYS: intSetting(7, 1, 60),
    /** A runbook not exercised (in staging or in an incident) for this many days is flagged as untested. */
    RUNBOOK_TEST_DAYS: intSetting(90, 1, 3650),
    /** An alert that fires again within this many minutes of resolving is a flap: it notifies nobody again. */
    ALERT_FLAP_MINUTES: intSetting(15, 1, 1440),
    /** Past this many flaps in an hour an alert stops paging: a ticket for its rule to be fixed. */
    ALERT_FLAP_LIMIT: intSetting(4, 1, 100),
    /** With no Watchdog from Alertmanager for this long, the console pages the primary: the alerting pipeline is silent. */
    WATCHDOG_MISSING_MINUTES: intSetting(5, 1, 1440),
    /** A failed notification is retried twice, after this and after four times this. */
    ESCALATION_RETRY_MS: intSetting(1000, 1, 60_000),
    /** The OpenTelemetry SDK's switch: true turns the console's own spans off. */
    OTEL_SDK_DISABLED: optional.transform((v, ctx) => {
      if (v === undefined || /^false$/i.test(v)) return false;
      if (/^true$/i.test(v)) return true;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    }),
    /** A collector for the console's own spans (OTLP/HTTP protobuf; /v1/traces is added); unset: the console's own trace store. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optional.refine((v) => !v || (/^https?:\/\//.test(v) && URL.canParse(v)), {
      message: "must be the collector's http(s) URL, like http://127.0.0.1:4318",
    }),
    /** As OTEL_EXPORTER_OTLP_ENDPOINT, the full URL of the traces endpoint (nothing is added). */
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional.refine((v) => !v || (/^https?:\/\//.test(v) && URL.canParse(v)), {
      message: "must be the collector's traces URL, like http://127.0.0.1:4318/v1/traces",
    }),
    /** Extra attributes of the console's own spans' resource, e.g. cloud.region=eu-west (service.name stays ops-console). */
    OTEL_RESOURCE_ATTRIBUTES: optional.refine((v) => !v || v.split(",").every((p) => /^\s*[^=\s]+\s*=[^,]*$/.test(p)), {
      message: "must be a comma-separated list of key=value, like cloud.region=eu-west",
    }),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (env.LOG_STORE === "clickhouse" && !env.CLICKHOUSE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["CLICKHOUSE_URL"],
        message: "is required with LOG_STORE=clickhouse (the server's HTTP interface, like http://127.0.0.1:8123)",
      });
    }
    if (env.LOG_STORE !== "clickhouse" && env.CLICKHOUSE_CLUSTER) {
      ctx.addIssue({ code: "custom", path: ["CLICKHOUSE_CLUSTER"], message: "applies to LOG_STORE=clickhouse only" });
    }
    const paging = env.PAGING_WEBHOOK_URL ? targetProblem(env.PAGING_WEBHOOK_URL, env.OUTBOUND_ALLOW) : null;
    if (paging)
      ctx.addIssue({
        code: "custom",
        path: ["PAGING_WEBHOOK_URL"],
        message: `${paging} (add it to OUTBOUND_ALLOW if it is an internal gateway)`,
      });
    const smtp = env.SMTP_URL ? smtpProblem(env.SMTP_URL, env.OUTBOUND_ALLOW) : null;
    if (smtp)
      ctx.addIssue({
        code: "custom",
        path: ["SMTP_URL"],
        message: `${smtp} (add it to OUTBOUND_ALLOW if it is an internal mail server)`,
      });
    if (env.SMTP_URL && !env.SMTP_FROM)
      ctx.addIssue({
        code: "custom",
        path: ["SMTP_FROM"],
        message: "is required with SMTP_URL (the From of email notifications)",
      });
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them",
      });
    }
  });

export type Env = z.infer<typeof schema> & { embedded: boolean; oidc: boolean };

export class EnvError extends Error {}

/** `serving: false` for tools that only touch the database (migrate, seed): no session secret needed. */
export function parseEnv(source: Record<string, string | undefined>, { serving = true } = {}): Env {
  const result = schema.safeParse(source);
  const lines = (result.error?.issues ?? []).map((i) => `  - ${i.path.join(".") || "environment"} ${i.message}`);
  if (serving && result.success && result.data.DATABASE_URL && !result.data.NEXTAUTH_SECRET) {
    lines.push(
      "  - NEXTAUTH_SECRET is required when DATABASE_URL is set (every replica must share it; generate one with: openssl rand -base64 32)",
    );
  }
  if (!result.success || lines.length) {
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return { ...env, embedded: !env.DATABASE_URL, oidc: Boolean(env.OIDC_ISSUER) };
}

declare global {
  var __opsConsoleEnv: Env | undefined;
}

/** Reads the environment again (tools that change settings mid-run, like the benchmarks). */
export function reloadEnv(): Env {
  globalThis.__opsConsoleEnv = parseEnv(process.env);
  return globalThis.__opsConsoleEnv;
}

/** Under the test runner: settings change per case, and responses are checked against their contracts. */
export const testing = () => process.env.NODE_ENV === "test";

/** The settings of a tool that only touches the database (migrate, seed): no session secret needed. */
export const toolEnv = (): Env => parseEnv(process.env, { serving: false });

export function env(): Env {
  if (testing()) return parseEnv(process.env); // tests change settings per case
  globalThis.__opsConsoleEnv ??= parseEnv(process.env);
  return globalThis.__opsConsoleEnv;
}

/**
 * The session-signing secret: NEXTAUTH_SECRET, or in the embedded demo a random one generated on first
 * start and kept in DATA_DIR so sessions survive restarts.
 */
export function authSecret(e: Env = env()): string {
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  const file = path.resolve(e.DATA_DIR, "nextauth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    } catch {
      // another process wrote it first: use theirs
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}
