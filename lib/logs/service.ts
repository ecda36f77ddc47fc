// Tenant logs as a kind of log (./reader.ts): an org's members read them, operators with a stated reason
// (./access.ts); every read names the org in the audit event the tenant sees.
import "server-only";
import type { z } from "zod";
import { leasesOpen } from "@/lib/limits";
import type { LogLine, logFiltersSchema } from "./contract";
import { accessReason } from "./access";
import { logLinesChannel } from "./channel";
import { levelsFrom, logLimits, TAIL_LEASE } from "./limits";
import type { LogKind, ReadCtx } from "./reader";
import { logStore, type LogSelector } from "./store";

export { readCtx, type ReadCtx } from "./reader";

type TenantFilters = Omit<z.output<typeof logFiltersSchema>, "start" | "end">;

/** May this caller read `org`'s logs, and under what reason? The reason goes into the audit event. */
export async function readAccess(ctx: ReadCtx, org: string): Promise<void> {
  const reason = await accessReason(ctx.actor, org, ctx.statedReason);
  if (reason) ctx.auditDetails.reason = reason;
}

export function selector(org: string, f: TenantFilters): LogSelector {
  return {
    org,
    apps: f.app,
    envs: f.env,
    processes: f.process,
    instances: f.instance,
    hosts: f.host,
    requestIds: f.request_id,
    traceIds: f.trace_id,
    levels: f.level ? levelsFrom(f.level) : null,
    q: f.q?.trim() ? f.q.trim() : undefined,
  };
}

export const tenantLogs: LogKind<LogSelector, LogLine, TenantFilters> = {
  audit: "logs",
  store: logStore,
  limits: () => logLimits(),
  channel: logLinesChannel,
  lease: TAIL_LEASE,
  access: (ctx, org) => readAccess(ctx, org ?? ""),
  selector: (org, f) => selector(org ?? "", f),
  describe: (s) => ({
    filters: { app: s.apps, env: s.envs, process: s.processes, instance: s.instances, host: s.hosts, request_id: s.requestIds, trace_id: s.traceIds, levels: s.levels, q: s.q ?? null },
  }),
  exportName: (org, w) => `${org}-logs-${w.start.toISOString().replace(/[:.]/g, "-")}.ndjson`,
};

export async function logLimitsFor(org: string) {
  const limits = logLimits();
  return { limits, usage: { tails_open: await leasesOpen(TAIL_LEASE, { org }), tails_max: limits.max_tails_per_org } };
}
