// A third telemetry kind, declared here and nowhere else: an org's build logs. From the declaration alone —
// its tables made from postgresDDL, its handlers from kindRoutes — it takes lines in all three protocols,
// filters, pages, shows a line's neighbours, exports, lists its pickers' values, tails live, refuses another
// org and audits every read. And the two kinds the console ships match their migrated tables column for
// column, so a declaration cannot drift from its migration.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { auditEvents, invoke, mintToken, sessionCookie, USERS, type ApiErrorBody, type Who } from "../support/api";
import { sseReader } from "../support/sse";
import { db, selectRows } from "@/lib/db/client";
import { defineKind, LEVEL, MESSAGE, REQUEST_ID, TRACE_ID, type LineOf } from "@/lib/kinds/declare";
import { postgresDDL } from "@/lib/kinds/ddl";
import { storeOf } from "@/lib/kinds/kind";
import { kindRoutes } from "@/lib/kinds/routes";
import { KINDS } from "@/lib/kinds/registry";
import { ClickHouseLogTable } from "@/lib/kinds/clickhouse/table";

withTestDb();

const buildLogs = defineKind({
  name: "build_logs",
  metric: "build",
  table: "build_log_lines",
  sources: "build_log_sources",
  fields: [
    {
      key: "org_id",
      label: "Org",
      ch: "LowCardinality(String)",
      max: 100,
      required: true,
      org: true,
      source: true,
      otlp: { from: [["res", "org_id"]], missing: { field: "resource.org_id", message: "names no org" } },
      loki: { from: [["labels", "org_id"]], missing: { field: "stream.org_id", message: "names no org" } },
    },
    {
      key: "pipeline",
      label: "Pipeline",
      ch: "LowCardinality(String)",
      max: 100,
      required: true,
      source: true,
      filter: { param: "pipeline", facet: "pipelines" },
      otlp: {
        from: [["res", "cicd.pipeline.name"]],
        missing: { field: "resource.cicd.pipeline.name", message: "is required (the pipeline)" },
      },
      loki: { from: [["labels", "pipeline"]], missing: { field: "stream.pipeline", message: "is required" } },
    },
    {
      key: "build_id",
      label: "Build",
      ch: "String",
      max: 100,
      required: true,
      source: true,
      filter: { param: "build", facet: "builds" },
      otlp: {
        from: [["res", "cicd.pipeline.run.id"]],
        missing: { field: "resource.cicd.pipeline.run.id", message: "is required (the build)" },
      },
      loki: { from: [["labels", "build"]], missing: { field: "stream.build", message: "is required" } },
    },
    {
      key: "step",
      label: "Step",
      ch: "LowCardinality(Nullable(String))",
      max: 100,
      filter: { param: "step" },
      otlp: { from: [["attrs", "cicd.pipeline.task.name"]] },
      loki: { from: [["meta", "step"]] },
    },
    LEVEL,
    MESSAGE,
    REQUEST_ID,
    TRACE_ID,
  ],
  scope: { field: "org_id", param: "org" },
  near: "build_id",
  read: { scope: "logs:read", tenant: true },
  write: { scope: "logs:write" },
  paths: {
    read: "/api/v1/orgs/{org}/builds/logs",
    page: "/orgs/{org}/builds",
    ingest: "/api/v1/builds/logs",
    otlp: "/api/v1/builds/otlp/v1/logs",
    loki: "/api/v1/builds/loki/api/v1/push",
    tag: "build-logs",
  },
  words: {
    what: "an org's build logs",
    line: "build line",
    sources: "pipelines and builds",
    file: (org) => `${org}-builds`,
  },
  clickhouse: { orderBy: "(org_id, ts, id)", shardBy: "cityHash64(org_id)" },
  retentionDays: (e) => e.LOG_RETENTION_DAYS,
});
type BuildLine = LineOf<typeof buildLogs>;

const routes = kindRoutes(buildLogs);
const base = "http://console.test";
let agent = "";
const t0 = Date.now() - 10 * 60_000;
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

const read = <T = { lines: BuildLine[] } & ApiErrorBody>(qs: string, as: Who = USERS.acme, org = "acme") =>
  invoke<T>(routes.read.GET!, "GET", `${base}/api/v1/orgs/${org}/builds/logs?${qs}`, { org }, { as });
const ingest = (body: unknown) =>
  invoke<{ accepted: number } & ApiErrorBody>(
    routes.ingest.POST!,
    "POST",
    `${base}/api/v1/builds/logs`,
    {},
    { as: { token: agent }, body },
  );

beforeAll(async () => {
  // The new kind's migration: what postgresDDL writes for it (and ClickHouse's tables, when the lines live there).
  for (const statement of postgresDDL(buildLogs)) await db().execute(sql.raw(statement));
  const store = storeOf(buildLogs);
  if (store instanceof ClickHouseLogTable) await store.migrate();
  agent = (await mintToken(USERS.admin, { scopes: ["logs:write"], org_id: "acme" })).secret;
  const lines = [];
  for (let i = 0; i < 30; i++) {
    const build = `b-${100 + (i % 3)}`;
    lines.push({
      ts: at(i),
      org_id: "acme",
      pipeline: i % 2 ? "deploy" : "test",
      build_id: build,
      step: i % 5 === 0 ? "compile" : "link",
      level: i % 10 === 9 ? "error" : "info",
      message: `build ${build} line ${i}`,
    });
  }
  const res = await ingest(lines);
  expect(res.status, res.text).toBe(200);
  expect(res.body.accepted).toBe(30);
});

describe("a third kind, from its declaration alone", () => {
  it("takes OTLP and Loki as well, mapped by its own fields, and refuses a record that lacks one", async () => {
    const ns = (s: number) => String(BigInt(Date.parse(at(s))) * 1_000_000n);
    const otlp = {
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: "cicd.pipeline.name", value: { stringValue: "deploy" } },
              { key: "cicd.pipeline.run.id", value: { stringValue: "b-otlp" } },
            ],
          },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: ns(40),
                  severityText: "WARN",
                  body: { stringValue: "otlp build line" },
                  attributes: [{ key: "cicd.pipeline.task.name", value: { stringValue: "push" } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const sent = await invoke<ApiErrorBody>(
      routes.otlp.POST!,
      "POST",
      `${base}/api/v1/builds/otlp/v1/logs`,
      {},
      { as: { token: agent }, body: otlp },
    );
    expect(sent.status, sent.text).toBe(200);
    const loki = {
      streams: [
        { stream: { pipeline: "deploy", build: "b-loki" }, values: [[ns(41), "loki build line", { step: "verify" }]] },
      ],
    };
    expect(
      (
        await invoke(
          routes.loki.POST!,
          "POST",
          `${base}/api/v1/builds/loki/api/v1/push`,
          {},
          { as: { token: agent }, body: loki },
        )
      ).status,
    ).toBe(204);
    const got = (await read("start=1h&pipeline=deploy&q=build%20line")).body.lines.filter((l) =>
      l.message.endsWith("build line"),
    );
    expect(got.map((l) => [l.build_id, l.step, l.level, l.org_id])).toEqual([
      ["b-loki", "verify", "info", "acme"],
      ["b-otlp", "push", "warn", "acme"],
    ]);

    const noBuild = structuredClone(otlp);
    noBuild.resourceLogs[0]!.resource.attributes.pop();
    type Partial = { partialSuccess?: { rejectedLogRecords: string; errorMessage: string } };
    const refused = await invoke<Partial>(
      routes.otlp.POST!,
      "POST",
      `${base}/api/v1/builds/otlp/v1/logs`,
      {},
      { as: { token: agent }, body: noBuild },
    );
    expect(refused.body.partialSuccess?.rejectedLogRecords).toBe("1");
    expect(refused.body.partialSuccess?.errorMessage).toContain("resource.cicd.pipeline.run.id");
  });

  it("filters by its own columns, pages by time, and names an unknown filter", async () => {
    const build101 = (await read("start=1h&build=b-101&limit=500")).body.lines;
    expect(build101).toHaveLength(10);
    expect(build101.every((l) => l.build_id === "b-101")).toBe(true);
    expect(build101.map((l) => l.message)[0]).toBe("build b-101 line 28"); // newest first
    const errors = (await read("start=1h&level=error&step=link")).body.lines.map((l) => l.message);
    expect(errors).toEqual(
      ["build b-102 line 29", "build b-100 line 9", "build b-101 line 19"].sort(
        (a, b) => Number(b.split(" ").at(-1)) - Number(a.split(" ").at(-1)),
      ),
    );
    const page = await read("start=1h&build=b-100&limit=4");
    expect(page.body.lines).toHaveLength(4);
    const next = (page.body as unknown as { next_cursor: string }).next_cursor;
    const second = await read(`start=1h&build=b-100&limit=4&cursor=${encodeURIComponent(next)}`);
    expect(second.body.lines.map((l) => l.message)).toEqual([
      "build b-100 line 15",
      "build b-100 line 12",
      "build b-100 line 9",
      "build b-100 line 6",
    ]);
    const unknown = await read("start=1h&app=web");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details?.fields?.[0]?.field).toBe("query.app");
  });

  it("shows a line's neighbours in its own build, lists its pickers' values, and exports NDJSON", async () => {
    const line = (await read("start=1h&build=b-102&q=line%2014")).body.lines[0]!;
    const ctx = await invoke<{ before: BuildLine[]; after: BuildLine[] }>(
      routes.context.GET!,
      "GET",
      `${base}/api/v1/orgs/acme/builds/logs/${line.id}/context?before=2&after=2`,
      { org: "acme", id: line.id },
      { as: USERS.acme },
    );
    expect(ctx.status, ctx.text).toBe(200);
    expect([...ctx.body.before, ...ctx.body.after].map((l) => l.message)).toEqual([
      "build b-102 line 8",
      "build b-102 line 11",
      "build b-102 line 17",
      "build b-102 line 20",
    ]);

    const facets = await invoke<{ pipelines: string[]; builds: string[] }>(
      routes.facets.GET!,
      "GET",
      `${base}/api/v1/orgs/acme/builds/logs/facets?start=1h`,
      { org: "acme" },
      { as: USERS.acme },
    );
    expect(facets.body.pipelines).toEqual(["deploy", "test"]);
    expect(facets.body.builds).toEqual(expect.arrayContaining(["b-100", "b-101", "b-102"]));

    const exported = await invoke(
      routes.export.GET!,
      "GET",
      `${base}/api/v1/orgs/acme/builds/logs/export?start=1h&build=b-100`,
      { org: "acme" },
      { as: USERS.acme },
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toContain("acme-builds");
    const rows = exported.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as BuildLine);
    expect(rows).toHaveLength(10);
    expect(Object.keys(rows[0]!)).toEqual([
      "id",
      "ts",
      "org_id",
      "pipeline",
      "build_id",
      "step",
      "level",
      "message",
      "request_id",
      "trace_id",
      "attrs",
    ]);
  });

  it("tails live: a new line of the org's build arrives, another build's does not", async () => {
    const res = await routes.tail.GET!(
      new Request(`${base}/api/v1/orgs/acme/builds/logs/tail?build=b-live`, {
        headers: { cookie: await sessionCookie(USERS.acme) },
      }),
      { params: Promise.resolve({ org: "acme" }) },
    );
    expect(res.status).toBe(200);
    const reader = sseReader(res);
    try {
      await reader.until((e) => e.some((x) => x.event === "ready"));
      const now = new Date().toISOString();
      expect(
        (
          await ingest([
            { ts: now, org_id: "acme", pipeline: "deploy", build_id: "b-other", message: "not this one" },
            { ts: now, org_id: "acme", pipeline: "deploy", build_id: "b-live", message: "live build line" },
          ])
        ).status,
      ).toBe(200);
      const events = await reader.until((e) => e.some((x) => x.event === "line"));
      expect(events.filter((e) => e.event === "line").map((e) => (e.data as BuildLine).message)).toEqual([
        "live build line",
      ]);
    } finally {
      await reader.close();
    }
  });

  it("keeps each org to its own lines, and audits every read under the kind's name", async () => {
    const theirs = await read("start=1h", USERS.globex);
    expect(theirs.status).toBe(403);
    const operator = await read("start=1h", USERS.oncall);
    expect(operator.status).toBe(403); // no reason stated
    const mine = await read("start=1h&build=b-101", USERS.acme);
    expect(mine.status).toBe(200);
    const audit = await auditEvents("build_logs.query");
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.some((e) => e.outcome === "denied" && e.actor.id === USERS.globex)).toBe(true);
    expect(audit.some((e) => e.outcome === "allowed" && e.org_id === "acme")).toBe(true);
  });
});

describe("the kinds the console ships", () => {
  it("match their migrated tables column for column, in the declared order", async () => {
    for (const kind of KINDS) {
      const columns = await selectRows<{ column_name: string; is_nullable: string }>(
        db(),
        sql`select column_name, is_nullable from information_schema.columns where table_name = ${kind.table} order by ordinal_position`,
      );
      const declared = ["id", "ts", ...kind.fields.map((f) => f.key), "attrs", "ingested_at"];
      expect(columns.map((c) => c.column_name).sort(), kind.name).toEqual([...declared].sort());
      for (const f of kind.fields)
        expect(columns.find((c) => c.column_name === f.key)?.is_nullable, `${kind.name}.${f.key}`).toBe(
          f.required ? "NO" : "YES",
        );
    }
  });
});
