// A fresh database for one test file, cloned from the run's migrated and seeded image.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { openDb, pgliteHandle, setDbHandle, type DbHandle } from "@/lib/db/client";
import { closeRealtime } from "@/lib/realtime/bus";
import { RemotePGlite } from "@/lib/db/pglite-remote";

export const engine = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
/** Where this run keeps log lines: the database (default), ClickHouse in process (chdb) or over HTTP (clickhouse). */
export const logEngine = process.env.LOG_STORE ?? "postgres";

/**
 * With ClickHouse every test file gets its own database, made like `npm run db:migrate` makes it: in
 * one chDB directory per test process (chDB holds one directory per process), or on the server
 * (the run's stand-in, see global-setup).
 */
async function freshLogStore(): Promise<(() => Promise<void>) | undefined> {
  if (logEngine === "postgres") return undefined;
  if (logEngine === "chdb" && !process.env.CHDB_PATH) {
    const dir = path.join(os.tmpdir(), `ops-console-test-chdb-${process.pid}`);
    process.env.CHDB_PATH = dir;
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  if (logEngine === "clickhouse") process.env.CLICKHOUSE_URL ||= inject("clickhouseUrl");
  process.env.CLICKHOUSE_DATABASE = `t_${randomBytes(6).toString("hex")}`;
  const { migrateLogStore } = await import("@/lib/kinds/clickhouse");
  const { clickhouseTarget } = await import("@/lib/kinds/clickhouse/target");
  await migrateLogStore();
  const target = clickhouseTarget()!;
  return async () => {
    await target.transport.exec("ddl", "DROP DATABASE IF EXISTS {db:Identifier}", { db: target.database });
  };
}

async function cloneImage(): Promise<DbHandle> {
  const image = inject("dbImage");
  if (image.startsWith("postgres:")) {
    const template = image.slice("postgres:".length);
    const name = `ops_console_t_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    const handle = openDb({ databaseUrl: u.toString(), poolSize: 4 });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const bytes = fs.readFileSync(image.slice("pglite:".length));
  return pgliteHandle(
    new RemotePGlite({ loadDataDir: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }),
  );
}

/** Installs a fresh database as the process-wide handle for this test file. */
export function withTestDb(): { handle: () => DbHandle } {
  let handle: DbHandle | undefined;
  let dropLogs: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    handle = await cloneImage();
    setDbHandle(handle);
    dropLogs = await freshLogStore();
  });
  afterAll(async () => {
    await closeRealtime();
    setDbHandle(undefined);
    await handle?.close();
    await dropLogs?.();
  });
  return { handle: () => handle! };
}
