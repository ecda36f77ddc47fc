// Who owns a service: the catalog's entry for it, else the platform team (an ownership gap). Pure, browser-safe.
import { PLATFORM_TEAM } from "@/lib/vocabulary";
import type { CatalogEntry } from "@/lib/db/schema/routing";

export interface Owner {
  team: string;
  /** The service has no owner in the catalog (or the alert names no service): routed to the platform team. */
  gap: boolean;
  entry: CatalogEntry | null;
}

/** The owning team of `service` by the catalog's entries; no service or no entry: the platform team, a gap. */
export function ownerOf(service: string | null, entries: readonly CatalogEntry[]): Owner {
  const entry = service ? (entries.find((e) => e.service === service) ?? null) : null;
  return entry ? { team: entry.team, gap: false, entry } : { team: PLATFORM_TEAM, gap: true, entry: null };
}
