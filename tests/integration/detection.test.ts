// Detection on the built-in simulator: every new failure scenario raises its rule; a component whose
// metrics vanish reads "no data" (never ok) and raises its absent-signal alert; the dead man's switch
// pages once when the Watchdog stops; a flapping alert notifies once and turns into a ticket; alerts of one
// service and region notify together; and a spent error budget freezes its service's deploys until the
// owner's exception, which is audited.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { auditEvents, call, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { jsonReceiver, putSchedule, type Receiver } from "../support/paging";
import { db } from "@/lib/db/client";
import type { Alert } from "@/lib/alerts/contract";
import type { DashboardData, RuleStatusView, Slo } from "@/lib/metrics/contract";
import type { Change } from "@/lib/changes/contract";
import { checkPipeline } from "@/lib/alerts/pipeline";
import { escalateDue } from "@/lib/escalation";
import { syncRuleAlerts } from "@/lib/metrics/demo-alerts";

withTestDb();

const MIN = 60_000;
const minuteNow = () => Math.floor(Date.now() / MIN) * MIN;
const at = (offsetMin: number) => new Date(minuteNow() + offsetMin * MIN).toISOString();
/** `iso` lies within a minute or two before `offsetMin` minutes from now (the last sample before a silence). */
const justBefore = (iso: string | null | undefined, offsetMin: number) => {
  const t = Date.parse(iso ?? "");
  return t <= Date.parse(at(offsetMin)) + MIN && t >= Date.parse(at(offsetMin)) - 2 * MIN;
};
const scenario = (kind: string, region: string, fromMin: number, toMin: number, target?: string) => ({
  id: `${kind}-${region}`,
  kind,
  region,
  start: at(fromMin),
  end: at(toMin),
  ...(target ? { target } : {}),
});
const useScenarios = (list: unknown[]) => (process.env.SIMULATOR_SCENARIOS = JSON.stringify(list));
afterEach(() => {
  delete process.env.SIMULATOR_SCENARIOS;
  delete process.env.SIMULATOR_ANCHOR;
});

const states = async () => {
  const res = await call<{ source: string; rules: RuleStatusView[] }>("GET", "/api/v1/alert-rules/state", {
    as: USERS.oncall,
  });
  expect(res.status, res.text).toBe(200);
  return res.body.rules;
};
const firing = (rules: RuleStatusView[], name: string): Record<string, string>[] =>
  rules
    .filter((r) => r.name === name && r.state === "firing")
    .flatMap((r) => r.alerts.map((a) => ({ ...a.labels, service: r.service })));

describe("the rule file", () => {
  it("is served as YAML that promtool accepts, and as JSON", async () => {
    const yaml = await call("GET", "/api/v1/alert-rules", { as: USERS.oncall });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get("content-type")).toContain("application/yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "served-rules-"));
    try {
      fs.writeFileSync(path.join(dir, "rules.yml"), yaml.text);
      const check = spawnSync("promtool", ["check", "rules", path.join(dir, "rules.yml")], { encoding: "utf8" });
      if (check.error) throw new Error(`promtool could not run: ${check.error.message} (Debian's prometheus package)`);
      expect(`${check.stdout}${check.stderr}`).toMatch(/SUCCESS: \d+ rules found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(yaml.text).toContain('runbook_url: "http://console.test/runbooks/postgres-down"');
    const json = await call<{ groups: { name: string; rules: { alert?: string; record?: string }[] }[] }>(
      "GET",
      "/api/v1/alert-rules?format=json",
      { as: USERS.oncall },
    );
    const names = json.body.groups.flatMap((g) => g.rules.map((r) => r.alert ?? r.record));
    expect(names).toEqual(
      expect.arrayContaining([
        "ControlPlaneApiDown",
        "PostgresDown",
        "EventAppendErrors",
        "SchedulerLoopStalled",
        "EdgeConfigApplyFailing",
        "EdgeBackendsUnreachable",
        "AgentHeartbeatMissing",
        "HostDiskPressure",
        "ProjectionLagHigh",
        "ServiceMetricsMissing",
        "Watchdog",
        "ErrorBudgetExhausted",
        "slo:error_budget_remaining:ratio",
      ]),
    );
    expect((await call("GET", "/api/v1/alert-rules", { as: USERS.acme })).status).toBe(403);
  });
});

describe("every failure scenario raises its rule (evaluated on the simulator)", () => {
  it.each([
    ["api-outage", "eu-west", "ControlPlaneApiDown"],
    ["postgres-down", "us-east", "PostgresDown"],
    ["replication-broken", "ap-south", "PostgresReplicationBroken"],
    ["event-append-errors", "eu-west", "EventAppendErrors"],
    ["scheduler-stall", "us-east", "SchedulerLoopStalled"],
    ["edge-backends-unreachable", "ap-south", "EdgeBackendsUnreachable"],
    ["host-failure-wave", "eu-west", "AgentHeartbeatMissing"],
    ["host-resource-pressure", "us-east", "HostDiskPressure"],
    ["host-resource-pressure", "us-east", "HostMemoryPressure"],
    ["queue-backlog", "eu-west", "WorkQueueBacklog"],
    ["traffic-drop", "ap-south", "ApiTrafficDrop"],
    ["edge-connect-degradation", "eu-west", "EdgeConfigApplyFailing"],
  ])("%s in %s fires %s there, and only there", async (kind, region, rule) => {
    useScenarios([scenario(kind, region, -30, 60)]);
    const rules = await states();
    expect([...new Set(firing(rules, rule).map((l) => l.region))]).toEqual([region]);
    useScenarios([]);
    expect(firing(await states(), rule)).toEqual([]);
  });
});

describe("missing data is its own state", () => {
  beforeEach(() => useScenarios([scenario("metrics-silent", "ap-south", -20, 60, "scheduler")]));

  it("shows no data, since when, on the panels and the dashboard — never ok", async () => {
    const d = await call<DashboardData>("GET", "/api/v1/dashboards/control-plane?from=1h&region=ap-south", {
      as: USERS.oncall,
    });
    const placements = d.body.panels.find((p) => p.id === "placements")!;
    expect(justBefore(placements.no_data_since, -20), String(placements.no_data_since)).toBe(true);
    const all = await call<DashboardData>("GET", "/api/v1/dashboards/control-plane?from=1h", { as: USERS.oncall });
    expect(all.body.panels.find((p) => p.id === "placements")!.missing_regions ?? []).toEqual([]); // its series carry no region label
    expect(all.body.panels.find((p) => p.id === "scheduler-loop")!.missing_regions).toEqual(["ap-south"]);
    const list = await call<{
      dashboards: {
        slug: string;
        status: {
          state: string;
          findings: { panel: string; level: string; labels: Record<string, string>; since?: string | null }[];
        };
      }[];
    }>("GET", "/api/v1/dashboards?status=true", { as: USERS.oncall });
    const cp = list.body.dashboards.find((x) => x.slug === "control-plane")!.status;
    expect(cp.state).not.toBe("ok");
    const finding = cp.findings.find((f) => f.panel === "Scheduler last loop" && f.level === "no_data");
    expect(finding?.labels).toEqual({ region: "ap-south" });
    expect(justBefore(finding?.since, -20), String(finding?.since)).toBe(true);
  });

  it("raises the absent-signal alert for the silent service after its for, and not for the others", async () => {
    const rules = await states();
    expect(firing(rules, "ServiceMetricsMissing")).toEqual([{ region: "ap-south", service: "scheduler" }]);
    useScenarios([scenario("metrics-silent", "ap-south", -1, 60, "scheduler")]);
    const pending = (await states()).filter((r) => r.name === "ServiceMetricsMissing" && r.service === "scheduler")[0]!;
    expect(pending.state).toBe("pending"); // silent a minute: not yet past its for
  });

  it("shows an SLO without data as no data, not a full budget", async () => {
    useScenarios([scenario("metrics-silent", "eu-west", -20, 60, "storage")]);
    const slos = await call<{ slos: Slo[] }>("GET", "/api/v1/slos?region=eu-west", { as: USERS.oncall });
    const attach = slos.body.slos.find((s) => s.slo === "volume-attach")!;
    expect(attach).toMatchObject({ data_state: "no_data", alert_state: "no_data" });
    expect(justBefore(attach.no_data_since, -20), String(attach.no_data_since)).toBe(true);
  });
});

describe("the dead man's switch", () => {
  let receiver: Receiver<{ text?: string; message?: string; alert?: { name: string } }>;
  beforeAll(async () => {
    receiver = await jsonReceiver();
    await putSchedule({ primary: USERS.oncall });
    await call("PUT", "/api/v1/me/contact", { as: USERS.oncall, body: { webhook_url: receiver.url("/olivia") } });
  });
  afterAll(() => receiver?.close());

  it("says never heard from before the first Watchdog, ok while it arrives, and pages the primary once when it stops", async () => {
    expect((await call<{ state: string }>("GET", "/api/v1/alerts/pipeline", { as: USERS.oncall })).body.state).toBe(
      "never",
    );
    expect((await checkPipeline("")).state).toBe("never"); // nothing to page about yet: but never "ok"
    const am = { token: (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret };
    const watchdog = {
      version: "4",
      groupKey: "wd",
      status: "firing",
      receiver: "ops-console",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "Watchdog", severity: "low" },
          annotations: {},
          fingerprint: "fp-watchdog",
        },
      ],
    };
    expect((await call("POST", "/api/v1/alerts/alertmanager", { as: am, body: watchdog })).status).toBe(200);
    expect((await call<{ state: string }>("GET", "/api/v1/alerts/pipeline", { as: USERS.oncall })).body.state).toBe(
      "ok",
    );
    const list = async () =>
      (await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })).body.alerts;
    expect((await list()).some((a) => a.name === "Watchdog")).toBe(false); // a heartbeat, not an alert
    // Six minutes of silence, checked by two processes at once.
    const later = Date.now() + 6 * MIN;
    await Promise.all([checkPipeline("", later), checkPipeline("", later)]);
    const silent = (await list()).filter((a) => a.name === "AlertingPipelineSilent");
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({ kind: "page", pager_eligible: true, status: "firing" });
    expect(silent[0]!.annotations.summary).toMatch(/silent since \d\d:\d\d UTC/);
    await Promise.all([escalateDue(""), escalateDue("")]);
    expect(receiver.got.filter((p) => p.alert?.name === "AlertingPipelineSilent")).toHaveLength(1);
    // The Watchdog comes back: the page resolves.
    await call("POST", "/api/v1/alerts/alertmanager", { as: am, body: watchdog });
    await checkPipeline("");
    expect((await list()).find((a) => a.name === "AlertingPipelineSilent")!.status).toBe("resolved");
  });
});

describe("less noise", () => {
  let receiver: Receiver<{ alert?: { name: string }; grouped?: { name: string }[]; message?: string }>;
  let am = { token: "" };
  beforeAll(async () => {
    receiver = await jsonReceiver();
    await putSchedule({ primary: USERS.ic });
    await call("PUT", "/api/v1/me/contact", { as: USERS.ic, body: { webhook_url: receiver.url("/ian") } });
    am = { token: (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret };
  });
  afterAll(() => receiver?.close());
  const send = (status: "firing" | "resolved", name: string, fp: string, labels: Record<string, string> = {}) =>
    call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: {
        version: "4",
        groupKey: fp,
        status,
        receiver: "ops-console",
        alerts: [
          {
            status,
            labels: { alertname: name, severity: "critical", ...labels },
            annotations: { summary: `${name} summary`, runbook_url: "https://runbooks.example/x" },
            fingerprint: fp,
          },
        ],
      },
    });
  const alertOf = async (fp: string) =>
    (await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })).body.alerts.find(
      (a) => a.fingerprint === fp,
    )!;

  it("notifies a flapping alert once, counts its flaps, and past the limit makes it a ticket", async () => {
    receiver.got.length = 0;
    await send("firing", "FlappyRule", "fp-flap", { service: "flap", region: "us-east" });
    await escalateDue("");
    for (let i = 0; i < 5; i++) {
      await send("resolved", "FlappyRule", "fp-flap");
      await send("firing", "FlappyRule", "fp-flap", { service: "flap", region: "us-east" });
      await escalateDue("");
    }
    expect(receiver.got.filter((g) => g.alert?.name === "FlappyRule")).toHaveLength(1);
    const a = await alertOf("fp-flap");
    expect(a.flaps_last_hour).toBe(5);
    expect(a).toMatchObject({ kind: "ticket", pager_eligible: false });
    expect(a.not_eligible_reason).toContain("flapped 5 times in the last hour");
  });

  it("notifies three alerts of one service and region, fired within a minute, once — listing them all", async () => {
    receiver.got.length = 0;
    for (const n of ["GroupA", "GroupB", "GroupC"])
      await send("firing", n, `fp-${n}`, { service: "grouped-svc", region: "eu-west" });
    await escalateDue("");
    await escalateDue("");
    const sent = receiver.got.filter((g) => ["GroupA", "GroupB", "GroupC"].includes(g.alert?.name ?? ""));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.grouped!.map((x) => x.name).sort()).toEqual(["GroupB", "GroupC"]);
    expect(sent[0]!.message).toContain("With 2 more for the same service and region");
    expect((await alertOf("fp-GroupC")).grouped_with).toBe((await alertOf("fp-GroupA")).id);
  });
});

describe("the error budget policy", () => {
  // Three days of a host failure wave in ap-south fail 9 % of volume attaches: storage's budget is spent there.
  beforeEach(() => useScenarios([scenario("host-failure-wave", "ap-south", -3 * 24 * 60, 60)]));
  let pipeline = { token: "" };
  beforeAll(async () => {
    pipeline = { token: (await mintToken(USERS.admin, { scopes: ["changes:write"] })).secret };
  });

  it("names each SLO's tier, and freezes deploys of the spent SLO's service only", async () => {
    const slos = (await call<{ slos: Slo[] }>("GET", "/api/v1/slos", { as: USERS.oncall })).body.slos;
    const spent = slos.find((s) => s.id === "volume-attach:ap-south")!;
    expect(spent.policy.tier).toBe("freeze");
    expect(spent.error_budget_remaining!).toBeLessThanOrEqual(0);
    expect(slos.find((s) => s.id === "volume-attach:us-east")!.policy.tier).toBe("ship");
    const frozen = await call<{ frozen: boolean; budgets: { slo: string; region: string }[] }>(
      "GET",
      "/api/v1/deploy-freeze?service=storage&region=ap-south",
      { as: USERS.oncall },
    );
    expect(frozen.body).toMatchObject({ frozen: true, budgets: [{ slo: "volume-attach", region: "ap-south" }] });
    expect(
      (
        await call<{ frozen: boolean }>("GET", "/api/v1/deploy-freeze?service=storage&region=us-east", {
          as: USERS.oncall,
        })
      ).body.frozen,
    ).toBe(false);
    expect(
      (
        await call<{ frozen: boolean; budgets: unknown[] }>(
          "GET",
          "/api/v1/deploy-freeze?service=storage&region=ap-south&kind=rollback",
          { as: USERS.oncall },
        )
      ).body.budgets,
    ).toEqual([]);
    const post = (external_id: string, kind = "deploy") =>
      call<{ change: Change }>("POST", "/api/v1/changes", {
        as: pipeline,
        body: {
          external_id,
          kind,
          service: "storage",
          regions: ["ap-south"],
          summary: `budget ${external_id}`,
          actor: "ci",
          status: "started",
          started_at: new Date().toISOString(),
        },
      });
    expect((await post("budget-deploy")).body.change).toMatchObject({
      freeze_violation: true,
      freeze_budgets: ["volume-attach:ap-south"],
    });
    expect((await post("budget-rollback", "rollback")).body.change.freeze_violation).toBe(false);
    expect((await post("budget-config", "config")).body.change.freeze_violation).toBe(false);
  });

  it("lets the owner's exception through, on the SLO card and the audit record", async () => {
    const bad = await call<ApiErrorBody>("POST", "/api/v1/slos/volume-attach/exceptions", {
      as: USERS.oncall,
      body: { region: "ap-south", reason: "" },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await call("POST", "/api/v1/slos/volume-attach/exceptions", {
          as: USERS.acme,
          body: { region: "ap-south", reason: "tenant tries" },
        })
      ).status,
    ).toBe(403);
    const ex = await call<{ exception: { id: string } }>("POST", "/api/v1/slos/volume-attach/exceptions", {
      as: USERS.oncall,
      body: { region: "ap-south", reason: "the attach fix itself must ship", hours: 4 },
    });
    expect(ex.status, ex.text).toBe(201);
    expect(
      (
        await call<{ frozen: boolean }>("GET", "/api/v1/deploy-freeze?service=storage&region=ap-south", {
          as: USERS.oncall,
        })
      ).body.frozen,
    ).toBe(false);
    const card = (
      await call<{ slos: Slo[] }>("GET", "/api/v1/slos?region=ap-south", { as: USERS.oncall })
    ).body.slos.find((s) => s.slo === "volume-attach")!;
    expect(card.policy.exception).toMatchObject({
      reason: "the attach fix itself must ship",
      by: { name: "Olivia Oncall" },
    });
    expect(
      (await auditEvents("slo.budget_exception")).find((e) => e.details.exception_id === ex.body.exception.id)?.details,
    ).toMatchObject({ reason: "the attach fix itself must ship", slo: "volume-attach", region: "ap-south" });
    expect(
      (await call("DELETE", `/api/v1/slos/volume-attach/exceptions/${ex.body.exception.id}`, { as: USERS.oncall }))
        .status,
    ).toBe(200);
    expect(
      (
        await call<{ frozen: boolean }>("GET", "/api/v1/deploy-freeze?service=storage&region=ap-south", {
          as: USERS.oncall,
        })
      ).body.frozen,
    ).toBe(true);
  });
});

describe("the demo raises every rule's alerts through the intake", () => {
  it("sends what fires on the simulator as alerts, with the Watchdog as the pipeline's heartbeat", async () => {
    useScenarios([
      scenario("postgres-down", "eu-west", -30, 60),
      scenario("metrics-silent", "ap-south", -20, 60, "overlay"),
    ]);
    await db().execute(sql`delete from pipeline_heartbeats`);
    const r = await syncRuleAlerts(Date.now());
    expect(r.firing).toBeGreaterThan(0);
    const alerts = (await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500&state=open", { as: USERS.oncall }))
      .body.alerts;
    expect(alerts.find((a) => a.name === "PostgresDown" && a.labels.region === "eu-west")).toMatchObject({
      kind: "page",
      pager_eligible: true,
    });
    // One rule name, one rule per service: the alert says which service went silent, in its labels and in words.
    const silent = alerts.filter((a) => a.name === "ServiceMetricsMissing");
    expect(silent.length).toBeGreaterThan(0);
    for (const a of silent)
      expect(a.annotations.summary, JSON.stringify(a.labels)).toMatch(
        new RegExp(`^${a.labels.service} in ${a.labels.region} `),
      );
    expect((await call<{ state: string }>("GET", "/api/v1/alerts/pipeline", { as: USERS.oncall })).body.state).toBe(
      "ok",
    );
  });
});
