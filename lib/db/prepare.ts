// Start-up: migrate the database and, on an empty embedded store, seed the demo. Runs once per process
// (instrumentation.ts at server start; scripts call it directly).
import "server-only";
import { sql } from "drizzle-orm";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/api/errors";
import { dbHandle } from "./client";
import { isMigrated, migrateDb } from "./migrate";
import { isEmpty, seedDemo } from "./seed";

const g = globalThis as unknown as { __opsConsolePrepared?: Promise<void> };

export function prepareDatabase(): Promise<void> {
  g.__opsConsolePrepared ??= (async () => {
    const handle = dbHandle();
    await migrateDb(handle);
    if (env().embedded && (await isEmpty(handle.db))) {
      await seedDemo(handle.db);
      console.log("Seeded demo data (orgs acme and globex, demo accounts).");
    }
  })();
  return g.__opsConsolePrepared;
}

export async function readiness() {
  const handle = dbHandle();
  try {
    await handle.db.execute(sql`select 1`);
  } catch {
    throw new ApiError("unavailable", "The database is not reachable.");
  }
  if (!(await isMigrated(handle))) throw new ApiError("unavailable", "The database is not migrated yet.");
  return { status: "ready" as const, engine: handle.engine };
}
