// npm run db:migrate — apply migrations to DATABASE_URL (or the embedded store in DATA_DIR), and create
// the log tables in ClickHouse when LOG_STORE is chdb or clickhouse.
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { EnvError, toolEnv } from "../lib/env";
import { migrateLogStore } from "../lib/kinds/clickhouse";

try {
  const e = toolEnv();
  const handle = openDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
  await migrateDb(handle);
  console.log(`Migrated ${e.DATABASE_URL ? "the Postgres server" : `the embedded store in ${e.DATA_DIR}`}.`);
  const logs = await migrateLogStore(e);
  if (logs !== "postgres")
    console.log(`Created the log tables in ClickHouse (${logs}, database ${e.CLICKHOUSE_DATABASE}).`);
  await handle.close();
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
