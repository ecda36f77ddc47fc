// Platform logs as a kind of log (lib/logs/reader.ts): operators and admins read them
// (platform-logs:read, never a tenant's); reads are audited on the platform's record, no reason asked.
import "server-only";
import { leasesOpen } from "@/lib/limits";
import { levelsFrom, platformLogLimits } from "@/lib/logs/limits";
import type { LogKind } from "@/lib/logs/reader";
import { defineChannel } from "@/lib/realtime/channel";
import { batchNotice } from "@/lib/logs/channel";
import type { PlatformFilters, PlatformLogLine } from "./contract";
import { platformLogStore, type PlatformSelector } from "./store";

export const PLATFORM_TAIL_LEASE = "platform_log_tail";

/** Each committed batch of platform lines, for live tails on every console process. */
export const platformLogChannel = defineChannel("platform_log_lines", batchNotice);

type Filters = Omit<PlatformFilters, "start" | "end">;

export function platformSelector(f: Filters): PlatformSelector {
  return {
    components: f.component,
    regions: f.region,
    nodes: f.node,
    hosts: f.host,
    orgs: f.org,
    requestIds: f.request_id,
    traceIds: f.trace_id,
    errorClasses: f.error_class,
    levels: f.level ? levelsFrom(f.level) : null,
    q: f.q?.trim() ? f.q.trim() : undefined,
  };
}

export const platformLogs: LogKind<PlatformSelector, PlatformLogLine, Filters> = {
  audit: "platform_logs",
  store: platformLogStore,
  limits: () => platformLogLimits(),
  channel: platformLogChannel,
  lease: PLATFORM_TAIL_LEASE,
  // The endpoint's scope (platform-logs:read, platform-wide) is the whole rule.
  access: async () => {},
  selector: (_scope, f) => platformSelector(f),
  describe: (s) => ({
    filters: { component: s.components, region: s.regions, node: s.nodes, host: s.hosts, org: s.orgs, request_id: s.requestIds, trace_id: s.traceIds, error_class: s.errorClasses, levels: s.levels, q: s.q ?? null },
  }),
  exportName: (_scope, w) => `platform-logs-${w.start.toISOString().replace(/[:.]/g, "-")}.ndjson`,
};

/** The limits, and how many platform tails this person has open (against their own cap). */
export async function platformLogLimitsFor(userId: string) {
  const limits = platformLogLimits();
  return { limits, usage: { tails_open: await leasesOpen(PLATFORM_TAIL_LEASE, { user: userId }), tails_max: limits.max_tails_per_user } };
}
