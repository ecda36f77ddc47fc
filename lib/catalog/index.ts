// The service catalog in force: its newest version.
import "server-only";
import { desc } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { serviceCatalog, type CatalogEntry } from "@/lib/db/schema";

/** The entries of the catalog's newest version (none before the first save). */
export async function catalogEntries(): Promise<CatalogEntry[]> {
  const [c] = await db().select().from(serviceCatalog).orderBy(desc(serviceCatalog.version)).limit(1);
  return c?.entries ?? [];
}
