// Applies lib/db/migrations from code (server start and `npm run db:migrate`), never via drizzle-kit.
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { sql } from "drizzle-orm";
import { selectRows, type DbHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "lib/db/migrations");
const MIGRATION_LOCK = 4_242_001; // pg_advisory_lock key: replicas sharing a server migrate one at a time

export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.engine === "pglite") {
    await migratePglite(handle.embedded, { migrationsFolder });
    return;
  }
  const client = await handle.pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** True when every migration in the folder has been applied (readiness). */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    const [row] = await selectRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const n = Number(row?.n);
    return n >= expected;
  } catch {
    return false;
  }
}
