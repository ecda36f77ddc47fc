// A fresh database for one test file, cloned from the run's migrated and seeded image.
import fs from "node:fs";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { openDb, pgliteHandle, setDbHandle, type DbHandle } from "@/lib/db/client";
import { closeRealtime } from "@/lib/realtime/bus";
import { RemotePGlite } from "@/lib/db/pglite-remote";

export const engine = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

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
  return pgliteHandle(new RemotePGlite({ loadDataDir: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }));
}

/** Installs a fresh database as the process-wide handle for this test file. */
export function withTestDb(): { handle: () => DbHandle } {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await cloneImage();
    setDbHandle(handle);
  });
  afterAll(async () => {
    await closeRealtime();
    setDbHandle(undefined);
    await handle?.close();
  });
  return { handle: () => handle! };
}
