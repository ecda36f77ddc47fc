// docs/postgres-roles.sql, run as documented on a real Postgres server: the owner migrates, the app role
// serves — ingest (new day partitions included), reads, audit, retention — and cannot truncate the
// append-only tables, disable their triggers, edit or delete their rows, or change the schema.
// Postgres server only: the embedded store has a single all-powerful user and no roles to separate.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engine } from "../support/db";
import { openDb, setDbHandle, type DbHandle } from "@/lib/db/client";
import { isMigrated, migrateDb } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/demo/seed";
import { prepareDatabase } from "@/lib/startup/prepare";
import { closeRealtime } from "@/lib/realtime/bus";
import { call, mintToken, USERS } from "../support/api";
import { entry } from "../support/logs";

const admin = process.env.TEST_DATABASE_URL;
const tag = randomBytes(4).toString("hex");
const dbName = `ops_console_roles_${tag}`;
const owner = `console_owner_${tag}`;
const app = `console_app_${tag}`;

const urlFor = (role: string | null) => {
  const u = new URL(admin!);
  u.pathname = `/${dbName}`;
  if (role) u.username = role;
  return u.toString();
};
const psql = (vars: Record<string, string>) =>
  execFileSync(
    "psql",
    [
      urlFor(null),
      ...Object.entries(vars).flatMap(([k, v]) => ["-v", `${k}=${v}`]),
      "-q",
      "-f",
      path.resolve("docs/postgres-roles.sql"),
    ],
    { encoding: "utf8" },
  );

describe.skipIf(engine !== "postgres")("a least-privilege role on a Postgres server (docs/postgres-roles.sql)", () => {
  let served: DbHandle;

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.query(`create role ${owner} login`);
    await c.query(`create role ${app} login`);
    await c.end();
    psql({ owner, app });
    const asOwner = openDb({ databaseUrl: urlFor(owner), poolSize: 2 });
    await migrateDb(asOwner);
    await seedDemo(asOwner.db);
    await asOwner.close();
    psql({ owner, app, after_migrate: "1" });
    served = openDb({ databaseUrl: urlFor(app), poolSize: 4 });
    setDbHandle(served);
  });

  afterAll(async () => {
    await closeRealtime();
    setDbHandle(undefined);
    await served?.close();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.query(`drop role if exists ${app}`);
    await c.query(`drop role if exists ${owner}`);
    await c.end();
  });

  it("serves: starts without DDL, ingests into new day partitions, reads, audits and applies retention", async () => {
    expect(await isMigrated(served)).toBe(true);
    await prepareDatabase();
    const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
    const days = [0, 1, 2].map((d) => new Date(Date.now() - d * 86_400_000).toISOString());
    const ingest = await call("POST", "/api/v1/logs", {
      as: { token: agent.secret },
      body: days.map((ts) => entry({ ts, message: `role line ${ts}` })),
    });
    expect(ingest.status, ingest.text).toBe(200);
    const read = await call<{ lines: unknown[] }>("GET", "/api/v1/orgs/acme/logs?q=role%20line&start=3d", {
      as: USERS.acme,
    });
    expect(read.body.lines).toHaveLength(3);
    const audit = await call<{ events: { action: string }[] }>("GET", "/api/v1/orgs/acme/audit?action=logs.query", {
      as: USERS.acme,
    });
    expect(audit.body.events.length).toBeGreaterThan(0);
    const { applyRetention } = await import("@/lib/kinds/retention");
    process.env.LOG_RETENTION_DAYS = "1";
    try {
      expect((await applyRetention()).length).toBeGreaterThan(0);
    } finally {
      delete process.env.LOG_RETENTION_DAYS;
    }
  });

  it.each([
    ["truncate the timeline", sql`truncate timeline_entries`],
    ["truncate the audit log", sql`truncate audit_events`],
    ["disable the timeline's triggers", sql`alter table timeline_entries disable trigger all`],
    ["disable the audit log's triggers", sql`alter table audit_events disable trigger all`],
    ["edit an audit event", sql`update audit_events set outcome = 'success'`],
    ["delete audit events", sql`delete from audit_events`],
    ["delete timeline entries", sql`delete from timeline_entries`],
    ["drop a table", sql`drop table log_lines`],
    ["create a table", sql`create table sneaky (x int)`],
    [
      "create a partition by hand",
      sql`create table log_lines_p20990101 partition of log_lines for values from ('2099-01-01') to ('2099-01-02')`,
    ],
  ])("refuses to %s", async (_what, statement) => {
    const err = await served.db.execute(statement).then(
      () => null,
      (e: Error & { cause?: Error }) => e.cause ?? e,
    );
    expect(err?.message).toMatch(/permission denied|must be owner/);
  });
});
