// Applies lib/db/migrations from code (server start and `npm run db:migrate`), never via drizzle-kit.
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "lib/db/migrations");
const MIGRATION_LOCK = 4_242_001; // pg_advisory_lock key: replicas sharing a server migrate one at a time

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.engine === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzle(client) as unknown as NodePgDatabase, { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** True when every migration in the folder has been applied (readiness). */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    const rows = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = Number((rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n);
    return n >= expected;
  } catch {
    return false;
  }
}
