// npm run db:migrate — apply migrations to DATABASE_URL (or the embedded store in DATA_DIR).
import { dbHandle } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { env } from "../lib/env";

const e = env();
const handle = dbHandle();
await migrateDb(handle);
console.log(`Migrated ${e.DATABASE_URL ? "the Postgres server" : `the embedded store in ${e.DATA_DIR}`}.`);
await handle.close();
