// Prepares one migrated, seeded database image per run, which every test file clones:
// a PGlite data-dir dump, or (with TEST_DATABASE_URL) a template database on the Postgres server.
// With LOG_STORE=clickhouse and no CLICKHOUSE_URL, it serves the ClickHouse HTTP stand-in on chDB.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/demo/seed";
import { startClickHouseHttp } from "./clickhouse-http";

export const TEMPLATE_DB = "ops_console_test_template";

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  // LOG_STORE=clickhouse without a server: the HTTP stand-in on chDB (tests/support/clickhouse-http.ts).
  let stopClickHouse: (() => Promise<void>) | undefined;
  if (process.env.LOG_STORE === "clickhouse" && !process.env.CLICKHOUSE_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-clickhouse-"));
    const server = await startClickHouseHttp(dir);
    process.env.CLICKHOUSE_URL = server.url;
    provide("clickhouseUrl", server.url);
    stopClickHouse = async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else provide("clickhouseUrl", process.env.CLICKHOUSE_URL ?? "");
  const teardown = await prepareImage(provide);
  return async () => {
    await teardown?.();
    await stopClickHouse?.();
  };
}

async function prepareImage(provide: (key: string, value: string) => void): Promise<(() => void) | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${TEMPLATE_DB}`);
    await admin.query(`create database ${TEMPLATE_DB}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${TEMPLATE_DB}`;
    const handle = openDb({ databaseUrl: u.toString(), poolSize: 2 });
    await migrateDb(handle);
    await seedDemo(handle.db);
    await handle.close();
    provide("dbImage", `postgres:${TEMPLATE_DB}`);
    return undefined;
  }
  const handle = openDb({});
  await migrateDb(handle);
  await seedDemo(handle.db);
  const dump = await handle.pglite!.dumpDataDir("none");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-test-")), "image.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  provide("dbImage", `pglite:${file}`);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dbImage: string;
    clickhouseUrl: string;
  }
}
