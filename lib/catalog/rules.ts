// The service catalog's rules: who owns a service (the catalog's entry for it, else the platform team — an
// ownership gap), which services have no owner, and what makes a catalog valid. Pure, browser-safe.
import { PLATFORM_TEAM } from "@/lib/vocabulary";
import { readPolicies } from "@/lib/playbook";
import type { FieldIssue } from "@/lib/http/errors";
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

/** The services of `services` that have no entry: their alerts go to the platform team. */
export const catalogGaps = (services: readonly string[], entries: readonly CatalogEntry[]): string[] =>
  services.filter((s) => !entries.some((e) => e.service === s));

/** What a catalog may refer to: the known services, teams, runbooks, dashboards and SLOs. */
export interface CatalogRefs {
  services: readonly string[];
  teams: readonly string[];
  runbooks: readonly string[];
  dashboards: readonly string[];
  slos: readonly string[];
}

/** An entry as sent: the escalation policy is checked here, so it arrives unread. */
export type CatalogEntryInput = Omit<CatalogEntry, "escalation_policy"> & { escalation_policy?: unknown };

const LISTS = ["runbooks", "dashboards", "slos"] as const;
const LIST_NAMES = { runbooks: "runbook", dashboards: "dashboard", slos: "SLO" } as const;

/**
 * A catalog checked against what exists: each service known and listed once, each team existing, each
 * runbook, dashboard and SLO existing, each escalation policy readable. The entries to save (policies read),
 * or the problems by field (`body.entries[3].slos[0]`).
 */
export function checkCatalog(
  entries: readonly CatalogEntryInput[],
  refs: CatalogRefs,
): { entries: CatalogEntry[]; problems: FieldIssue[] } {
  const problems: FieldIssue[] = [];
  const seen = new Set<string>();
  const out = entries.map((e, i): CatalogEntry => {
    const at = `body.entries[${i}]`;
    if (!refs.services.includes(e.service))
      problems.push({
        field: `${at}.service`,
        message: `'${e.service}' is not a service (${refs.services.join(", ")})`,
      });
    else if (seen.has(e.service)) problems.push({ field: `${at}.service`, message: `'${e.service}' is listed twice` });
    seen.add(e.service);
    if (!refs.teams.includes(e.team))
      problems.push({ field: `${at}.team`, message: `no team '${e.team}' (teams: ${refs.teams.join(", ")})` });
    for (const list of LISTS)
      e[list].forEach((ref, j) => {
        if (!refs[list].includes(ref))
          problems.push({ field: `${at}.${list}[${j}]`, message: `no ${LIST_NAMES[list]} '${ref}'` });
        else if (e[list].indexOf(ref) !== j)
          problems.push({ field: `${at}.${list}[${j}]`, message: `'${ref}' is listed twice` });
      });
    const entry: CatalogEntry = {
      service: e.service,
      team: e.team,
      runbooks: e.runbooks,
      dashboards: e.dashboards,
      slos: e.slos,
    };
    if (e.escalation_policy !== undefined) {
      const read = readPolicies(e.escalation_policy);
      for (const p of read.problems) problems.push({ field: `${at}.escalation_policy`, message: p });
      entry.escalation_policy = read.policies;
    }
    return entry;
  });
  return { entries: out, problems };
}
