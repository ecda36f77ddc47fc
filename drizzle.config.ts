import { defineConfig } from "drizzle-kit";

// Used only by `npm run db:generate` to write SQL migrations from lib/db/schema.ts.
// Migrations are applied from code (lib/db/migrate.ts), never by drizzle-kit.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./lib/db/migrations",
});
