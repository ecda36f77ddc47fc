// Every rule the console ships, tested by Prometheus's own promtool: each fires when it should, only after
// its `for`, with exactly the labels and annotations on-call will read, and stays silent when it should
// not; the recording rules compute the budget left; `promtool check rules` accepts the whole file.
// promtool comes with Debian's prometheus package (scripts/test/deps.sh installs it): without it this fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ruleFileYaml, ruleGroups, toYaml, type AlertingRule } from "./rule-file";
import { ALL_RULES } from "./alerting";
import { REGIONS } from "./regions";
import { SERVICE_SIGNALS } from "./signals";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-rules-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const OPTIONS = { regions: REGIONS, consoleUrl: "http://console.test" };
const rulesFile = path.join(dir, "rules.yml");
fs.writeFileSync(rulesFile, ruleFileYaml(OPTIONS));

const alertingRules = ruleGroups(OPTIONS)
  .flatMap((g) => g.rules)
  .filter((r): r is AlertingRule => "alert" in r);

/** The labels and annotations Prometheus will send for `alert` when its series carry `labels`. */
function expected(alert: string, labels: Record<string, string>) {
  const rules = alertingRules.filter(
    (r) => r.alert === alert && Object.entries(r.labels).every(([k, v]) => labels[k] === undefined || labels[k] === v),
  );
  const rule = rules.find(
    (r) =>
      (labels.service ? r.labels.service === labels.service : true) &&
      (labels.severity ? r.labels.severity === labels.severity : true),
  );
  if (!rule) throw new Error(`no rule ${alert} for ${JSON.stringify(labels)}`);
  const all = { ...labels, ...rule.labels };
  const render = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => all[k] ?? "");
  return {
    exp_labels: all,
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, render(v)])),
  };
}

interface Case {
  name: string;
  series: Record<string, string>;
  alert: string;
  /** Minutes at which nothing of `alert` fires. */
  quiet: number[];
  /** A minute at which exactly these fire (their own labels, the rule's are added). */
  fires: { at: number; labels: Record<string, string>[] };
  /** Test the rule alone, evaluated this often (a week of data at every minute would take minutes). */
  alone?: string;
}

const steady = Object.fromEntries(
  REGIONS.flatMap((region) => Object.values(SERVICE_SIGNALS).map((s) => [`${s.key}{region="${region}"}`, "1x30"])),
);

const CASES: Case[] = [
  {
    name: "the API stops answering its probe",
    alert: "ControlPlaneApiDown",
    series: {
      'probe_success{region="eu-west",target="control-plane-api"}': "1x5 0x10",
      'probe_success{region="us-east",target="control-plane-api"}': "1x15",
    },
    quiet: [5, 6],
    fires: { at: 8, labels: [{ region: "eu-west" }] },
  },
  {
    name: "the Postgres primary goes down",
    alert: "PostgresDown",
    series: { 'pg_up{region="us-east"}': "1x5 0x10", 'pg_up{region="eu-west"}': "1x15" },
    quiet: [5, 6],
    fires: { at: 8, labels: [{ region: "us-east" }] },
  },
  {
    name: "the replicas disconnect",
    alert: "PostgresReplicationBroken",
    series: { 'pg_replicas_connected{region="eu-west"}': "2x5 0x10" },
    quiet: [5, 7],
    fires: { at: 9, labels: [{ region: "eu-west" }] },
  },
  {
    name: "a replica falls 10 s behind",
    alert: "PostgresReplicaLagHigh",
    series: {
      'pg_replication_lag_seconds{region="ap-south",replica="replica-1"}': "0.2x5 10x10",
      'pg_replication_lag_seconds{region="ap-south",replica="replica-2"}': "0.1x15",
    },
    quiet: [5, 7],
    fires: { at: 9, labels: [{ region: "ap-south" }] },
  },
  {
    name: "5 % of event appends fail",
    alert: "EventAppendErrors",
    series: {
      'event_appends_total{region="eu-west"}': "0+100x20",
      'event_append_errors_total{region="eu-west"}': "0x5 5+5x15",
    },
    quiet: [4],
    fires: { at: 14, labels: [{ region: "eu-west" }] },
  },
  {
    name: "a projection falls 20,000 events behind",
    alert: "ProjectionLagHigh",
    series: {
      'projection_lag_events{region="us-east",projection="apps"}': "10x5 20000x15",
      'projection_lag_events{region="us-east",projection="routes"}': "10x20",
    },
    quiet: [4, 9],
    fires: { at: 12, labels: [{ region: "us-east", projection: "apps" }] },
  },
  {
    name: "the scheduler loop stops",
    alert: "SchedulerLoopStalled",
    series: { 'scheduler_last_loop_timestamp_seconds{region="eu-west"}': "0+60x5 300x15" },
    quiet: [5, 7],
    fires: { at: 10, labels: [{ region: "eu-west" }] },
  },
  {
    name: "edge config applies fail",
    alert: "EdgeConfigApplyFailing",
    series: { 'edge_config_reloads_total{region="eu-west",result="failure"}': "0x5 0+3x15" },
    quiet: [4, 8],
    fires: { at: 13, labels: [{ region: "eu-west" }] },
  },
  {
    name: "edge nodes lose 20 backends",
    alert: "EdgeBackendsUnreachable",
    series: { 'edge_backends_unreachable{region="us-east",node="edge-us-east-1"}': "0x5 20x15" },
    quiet: [5, 7],
    fires: { at: 10, labels: [{ region: "us-east" }] },
  },
  {
    name: "a host agent stops heartbeating",
    alert: "AgentHeartbeatMissing",
    series: {
      'agent_heartbeat_timestamp_seconds{region="ap-south",host="ap-south-h001"}': "0+60x5 300x15",
      'agent_heartbeat_timestamp_seconds{region="ap-south",host="ap-south-h002"}': "0+60x20",
    },
    quiet: [5, 7],
    fires: { at: 10, labels: [{ region: "ap-south" }] },
  },
  {
    name: "a host's disk pool passes 90 %",
    alert: "HostDiskPressure",
    series: {
      'host_disk_used_ratio{region="eu-west",host="eu-west-h010"}': "0.5x5 0.95x15",
      'host_disk_used_ratio{region="eu-west",host="eu-west-h011"}': "0.88x20",
    },
    quiet: [5, 9],
    fires: { at: 12, labels: [{ region: "eu-west" }] },
  },
  {
    name: "a host's memory passes 95 %",
    alert: "HostMemoryPressure",
    series: { 'host_memory_used_ratio{region="us-east",host="us-east-h010"}': "0.6x5 0.97x15" },
    quiet: [5, 9],
    fires: { at: 12, labels: [{ region: "us-east" }] },
  },
  {
    name: "a host's CPU stays over 80 % for 10 minutes",
    alert: "HostCpuHigh",
    series: { 'host_cpu_utilization{region="us-east",host="us-east-h010"}': "0.4x5 0.85x20" },
    quiet: [5, 14],
    fires: { at: 17, labels: [{ region: "us-east" }] },
  },
  {
    name: "16 % of API requests fail",
    alert: "ApiErrorRateCritical",
    series: {
      'http_requests_total{service="api",region="eu-west",code="200"}': "0+1000x20",
      'http_requests_total{service="api",region="eu-west",code="503"}': "0x5 200+200x15",
    },
    quiet: [4],
    fires: { at: 12, labels: [{ region: "eu-west" }] },
  },
  {
    name: "3 % of API requests fail",
    alert: "ApiErrorRateElevated",
    series: {
      'http_requests_total{service="api",region="eu-west",code="200"}': "0+1000x20",
      'http_requests_total{service="api",region="eu-west",code="503"}': "0x5 30+30x15",
    },
    quiet: [4, 8],
    fires: { at: 14, labels: [{ region: "eu-west" }] },
  },
  {
    name: "the API's p99 passes 1 s",
    alert: "ApiLatencyCritical",
    series: {
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="0.5"}': "0+100x5 510+10x15",
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="1"}': "0+100x5 510+10x15",
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="2.5"}': "0+100x20",
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="+Inf"}': "0+100x20",
    },
    quiet: [4, 8],
    fires: { at: 14, labels: [{ region: "us-east" }] },
  },
  {
    name: "the API's p99 passes 500 ms",
    alert: "ApiLatencyHigh",
    series: {
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="0.5"}': "0+100x5 550+50x15",
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="1"}': "0+100x20",
      'http_request_duration_seconds_bucket{service="api",region="us-east",le="+Inf"}': "0+100x20",
    },
    quiet: [4, 8],
    fires: { at: 14, labels: [{ region: "us-east" }] },
  },
  {
    name: "a work queue backs up",
    alert: "WorkQueueBacklog",
    series: {
      'control_plane_queue_depth{region="eu-west",queue="tasks"}': "40x5 2000x15",
      'control_plane_queue_depth{region="eu-west",queue="events"}': "40x20",
    },
    quiet: [5, 9],
    fires: { at: 12, labels: [{ region: "eu-west", queue: "tasks" }] },
  },
  {
    name: "API traffic falls below half of last week's",
    alert: "ApiTrafficDrop",
    // A week of 100 requests a second, then a quarter of that.
    series: {
      'http_requests_total{service="api",region="ap-south",code="200"}': "0+6000x10090 60541500+1500x30",
      'http_requests_total{service="api",region="us-east",code="200"}': "0+6000x10120",
    },
    quiet: [10085, 10095],
    fires: { at: 10115, labels: [{ region: "ap-south" }] },
    alone: "5m",
  },
  {
    name: "the scheduler's metrics vanish in one region",
    alert: "ServiceMetricsMissing",
    series: { ...steady, 'scheduler_placements_total{region="ap-south"}': "1x10" },
    quiet: [12],
    fires: { at: 19, labels: [{ region: "ap-south", service: "scheduler" }] },
  },
  {
    name: "a scrape target goes down",
    alert: "ScrapeTargetDown",
    series: { 'up{job="platform",instance="127.0.0.1:9464"}': "1x5 0x10" },
    quiet: [5, 7],
    fires: { at: 9, labels: [{ job: "platform", instance: "127.0.0.1:9464" }] },
  },
  {
    name: "a budget falls under 20 %",
    alert: "ErrorBudgetNearlyExhausted",
    series: { 'slo:error_budget_remaining:ratio{slo="edge-connect",region="eu-west"}': "0.5x5 0.1x25" },
    quiet: [5, 19],
    fires: { at: 22, labels: [{ slo: "edge-connect", region: "eu-west", service: "edge" }] },
  },
  {
    name: "a budget is spent",
    alert: "ErrorBudgetExhausted",
    series: { 'slo:error_budget_remaining:ratio{slo="volume-attach",region="ap-south"}': "0.3x5 -0.2x15" },
    quiet: [5, 9],
    fires: { at: 12, labels: [{ slo: "volume-attach", region: "ap-south", service: "storage" }] },
  },
  {
    name: "an SLO burns at 100× for over an hour",
    alert: "SLOErrorBudgetBurn",
    series: {
      'edge_connect_attempts_total{region="eu-west",node="n1"}': "0+1000x75",
      'edge_connect_failures_total{region="eu-west",node="n1",reason="tls"}': "0+100x75",
    },
    quiet: [],
    fires: {
      at: 70,
      labels: [
        { severity: "page", slo: "edge-connect", region: "eu-west" },
        { severity: "ticket", slo: "edge-connect", region: "eu-west" },
      ],
    },
  },
  {
    name: "the watchdog always fires",
    alert: "Watchdog",
    series: { 'up{job="x"}': "1x3" },
    quiet: [],
    fires: { at: 1, labels: [{}] },
  },
];

/** A rule file holding only `alert`'s rules, evaluated every `interval`. */
function aloneFile(alert: string, interval: string): string {
  const file = path.join(dir, `${alert}-alone.yml`);
  fs.writeFileSync(
    file,
    toYaml({ groups: [{ name: alert, interval, rules: alertingRules.filter((r) => r.alert === alert) }] }),
  );
  return file;
}

function testFile(c: Case): string {
  const alert_rule_test = [
    ...c.quiet.map((m) => ({ eval_time: `${m}m`, alertname: c.alert, exp_alerts: [] })),
    { eval_time: `${c.fires.at}m`, alertname: c.alert, exp_alerts: c.fires.labels.map((l) => expected(c.alert, l)) },
  ];
  return toYaml({
    rule_files: [c.alone ? aloneFile(c.alert, c.alone) : rulesFile],
    evaluation_interval: "1m",
    tests: [
      {
        name: c.name,
        interval: "1m",
        input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
        alert_rule_test,
      },
    ],
  });
}

function promtool(args: string[]) {
  const r = spawnSync("promtool", args, { encoding: "utf8", timeout: 120_000 });
  if (r.error)
    throw new Error(
      `promtool could not run (${r.error.message}): install Debian's prometheus package (scripts/test/deps.sh does)`,
    );
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

describe("the rule file", () => {
  it("passes promtool check rules", () => {
    const r = promtool(["check", "rules", rulesFile]);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.ok, r.out).toBe(true);
  });

  it("has a promtool test for every alert the console ships", () => {
    const tested = new Set(CASES.map((c) => c.alert));
    expect([...new Set(ALL_RULES.map((r) => r.name)), "SLOErrorBudgetBurn"].filter((n) => !tested.has(n))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.alert, c] as const))(
    "%s fires when it should, after its for, and not before",
    (_alert, c) => {
      const file = path.join(dir, `${c.alert}-${c.name.replace(/\W+/g, "-")}.test.yml`);
      fs.writeFileSync(file, testFile(c));
      const r = promtool(["test", "rules", file]);
      expect(r.out).toContain("SUCCESS");
      expect(r.ok, r.out).toBe(true);
    },
  );

  it("records each SLO's budget left from its raw counters", () => {
    const file = path.join(dir, "recording.test.yml");
    fs.writeFileSync(
      file,
      toYaml({
        rule_files: [rulesFile],
        evaluation_interval: "1m",
        tests: [
          {
            interval: "1m",
            // 1 failure in 2,000 against a 99.9 % objective: half the budget spent.
            input_series: [
              { series: 'edge_connect_attempts_total{region="us-east",node="n1"}', values: "0+2000x40" },
              { series: 'edge_connect_failures_total{region="us-east",node="n1",reason="reset"}', values: "0+1x40" },
            ],
            promql_expr_test: [
              {
                expr: 'round(100 * slo:error_budget_remaining:ratio{slo="edge-connect"})',
                eval_time: "30m",
                exp_samples: [{ labels: '{region="us-east",slo="edge-connect"}', value: 50 }],
              },
            ],
          },
        ],
      }),
    );
    const r = promtool(["test", "rules", file]);
    expect(r.ok, r.out).toBe(true);
  });

  it("can fail: a test that expects the wrong thing is reported, not passed", () => {
    const c = CASES[0]!;
    const file = path.join(dir, "wrong.test.yml");
    fs.writeFileSync(file, testFile({ ...c, fires: { at: 8, labels: [{ region: "us-east" }] } }));
    expect(promtool(["test", "rules", file]).ok).toBe(false);
  });
});
