// The service catalog: its versions (the newest is in force from its save) and the admins' save.
import "server-only";
import { desc, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { serviceCatalog, type CatalogEntry } from "@/lib/db/schema";
import { invalidFields } from "@/lib/http/errors";
import type { Actor } from "@/lib/auth/permissions";
import { SERVICES } from "@/lib/metrics/services";
import { DASHBOARDS } from "@/lib/metrics/dashboards";
import { SLOS } from "@/lib/metrics/slo";
import { listRunbooks } from "@/lib/runbooks";
import { teamRows } from "@/lib/teams";
import { catalogGaps, checkCatalog, type CatalogEntryInput } from "./rules";

/** The entries of the catalog's newest version (none before the first save). */
export async function catalogEntries(): Promise<CatalogEntry[]> {
  const [c] = await db().select().from(serviceCatalog).orderBy(desc(serviceCatalog.version)).limit(1);
  return c?.entries ?? [];
}

const view = (c: typeof serviceCatalog.$inferSelect) => ({
  version: c.version,
  entries: c.entries,
  created_by: c.createdBy,
  created_at: c.createdAt.toISOString(),
});

const withGaps = <T extends { entries: CatalogEntry[] }>(c: T) => ({ ...c, gaps: catalogGaps(SERVICES, c.entries) });

/** The catalog in force, with the services nobody owns. */
export async function getCatalog() {
  const [c] = await db().select().from(serviceCatalog).orderBy(desc(serviceCatalog.version)).limit(1);
  return {
    catalog: withGaps(c ? view(c) : { version: null, entries: [], created_by: null, created_at: null }),
  };
}

/** Every version, newest first. */
export async function catalogVersions() {
  const rows = await db().select().from(serviceCatalog).orderBy(desc(serviceCatalog.version)).limit(500);
  return { versions: rows.map(view) };
}

/** Saves the whole list as the next version, once every reference in it exists. */
export async function saveCatalog(actor: Actor, b: { entries: CatalogEntryInput[] }) {
  const [teams, runbooks] = await Promise.all([teamRows(), listRunbooks()]);
  const checked = checkCatalog(b.entries, {
    services: SERVICES,
    teams: teams.map((t) => t.id),
    runbooks: runbooks.map((r) => r.slug),
    dashboards: DASHBOARDS.map((d) => d.slug),
    slos: SLOS.map((s) => s.id),
  });
  if (checked.problems.length) throw invalidFields(checked.problems);
  return db().transaction(async (tx) => {
    const [cur] = await tx
      .select({ v: sql<number>`coalesce(max(${serviceCatalog.version}), 0)::int` })
      .from(serviceCatalog);
    const c = returnedRow(
      await tx
        .insert(serviceCatalog)
        .values({ version: (cur?.v ?? 0) + 1, entries: checked.entries, createdBy: actor.user.id })
        .returning(),
      "Saving the service catalog",
    );
    return { catalog: withGaps(view(c)) };
  });
}
