// npm run db:seed — migrate, then add the demo orgs and accounts (idempotent).
import { dbHandle } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { seedDemo, DEMO_ACCOUNTS } from "../lib/db/seed";

const handle = dbHandle();
await migrateDb(handle);
await seedDemo(handle.db);
console.log(`Seeded demo data: orgs acme, globex; accounts ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")} (password "demo").`);
await handle.close();
