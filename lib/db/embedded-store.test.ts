// The embedded default keeps its data on disk: what was written is there after a restart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "./client";
import { isMigrated, migrateDb } from "./migrate";
import { isEmpty, seedDemo } from "@/lib/demo/seed";
import { apiTokens, users } from "./schema";

describe("embedded store (PGlite in DATA_DIR)", () => {
  it("keeps data across a restart and migrates idempotently", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ops-console-store-"));
    try {
      const first = openDb({ dataDir: dir });
      await migrateDb(first);
      expect(await isEmpty(first.db)).toBe(true);
      await seedDemo(first.db);
      await first.db.insert(apiTokens).values({
        id: "tok_restart",
        name: "survives",
        userId: "usr_admin",
        scopes: ["audit:read"],
        secretHash: "h",
        prefix: "opc_x",
      });
      await first.close();

      const second = openDb({ dataDir: dir });
      await migrateDb(second);
      expect(await isMigrated(second)).toBe(true);
      expect(await isEmpty(second.db)).toBe(false);
      const [{ n }] = (await second.db.select({ n: count() }).from(users)) as [{ n: number }];
      expect(n).toBe(5);
      const [tok] = await second.db.select().from(apiTokens).where(eq(apiTokens.id, "tok_restart"));
      expect(tok?.name).toBe("survives");
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
