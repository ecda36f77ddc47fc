// npm run db:seed — migrate, then add the demo orgs and accounts (idempotent).
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { seedDemo } from "../lib/demo/seed";
import { DEMO_ACCOUNTS } from "../lib/auth/demo-accounts";
import { EnvError, toolEnv } from "../lib/env";

try {
  const e = toolEnv();
  const handle = openDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
  await migrateDb(handle);
  await seedDemo(handle.db);
  console.log(
    `Seeded demo data: orgs acme, globex; accounts ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")} (password "demo").`,
  );
  await handle.close();
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
