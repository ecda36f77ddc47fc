// Start-up: migrate the database when it is behind (and create the ClickHouse log tables when the logs
// live there) and, on an empty embedded store, seed the demo. Runs
// once per process (instrumentation.ts at server start; scripts call it directly). A database that is
// already migrated gets no DDL at all, so the console can serve as a role that has none
// (docs/postgres-roles.sql).
import "server-only";
import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { ApiError, errorCode, errorMessage } from "@/lib/http/errors";
import { dbHandle } from "@/lib/db/client";
import { isMigrated, migrateDb } from "@/lib/db/migrate";
import { isEmpty, seedDemo } from "@/lib/demo/seed";
import { logStoreReadiness, migrateLogStore } from "@/lib/kinds/clickhouse";

declare global {
  var __opsConsolePrepared: Promise<void> | undefined;
}

export function prepareDatabase(): Promise<void> {
  globalThis.__opsConsolePrepared ??= (async () => {
    const handle = dbHandle();
    if (!(await isMigrated(handle))) {
      await migrateDb(handle).catch((err: unknown) => {
        const code = errorCode(err instanceof Error ? err.cause : undefined) ?? errorCode(err);
        if (code === "42501") {
          throw new Error(
            `The database is not migrated, and this role may not change its structure (${errorMessage(err)}). Run \`npm run db:migrate\` as the schema's owner, then start again.`,
          );
        }
        throw err;
      });
    }
    await migrateLogStore();
    if (env().embedded && (await isEmpty(handle.db))) {
      await seedDemo(handle.db);
      console.log("Seeded demo data (orgs acme and globex, demo accounts).");
    }
  })();
  return globalThis.__opsConsolePrepared;
}

export async function readiness() {
  const handle = dbHandle();
  try {
    await handle.db.execute(sql`select 1`);
  } catch {
    throw new ApiError("unavailable", "The database is not reachable.");
  }
  if (!(await isMigrated(handle))) throw new ApiError("unavailable", "The database is not migrated yet.");
  return { status: "ready" as const, engine: handle.engine, log_store: await logStoreReadiness() };
}
