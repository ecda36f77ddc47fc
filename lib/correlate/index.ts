// Following one request: its platform lines (operators read those freely), and for every org they name,
// that org's lines with the same id — only under a reason the operator stated for that org, and each
// such read recorded in the org's audit log with the reason, as any read of its logs is.
import "server-only";
import { ApiError } from "@/lib/http/errors";
import { auditActor, recordAudit } from "@/lib/audit";
import { accessReason } from "@/lib/kinds/access";
import { selectorOf, storeOf, type ReadCtx } from "@/lib/kinds/kind";
import { limitsOf, resolveWindow } from "@/lib/kinds/limits";
import { withoutPosition } from "@/lib/kinds/store";
import { tenantLogs } from "@/lib/logs/kind";
import { platformLogs } from "@/lib/platform-logs/kind";
import type { CorrelatedLine } from "./contract";

const PLATFORM_MAX = 1000;
const TENANT_MAX = 500;

export async function correlate(
  ctx: ReadCtx,
  q: { request_id?: string; trace_id?: string; start?: string; end?: string },
) {
  const window = resolveWindow({ start: q.start ?? "24h", end: q.end }, limitsOf(platformLogs));
  const ids = q.request_id ? { request_id: [q.request_id] } : { trace_id: [q.trace_id ?? ""] };
  const followed = q.request_id ? { request_id: q.request_id } : { trace_id: q.trace_id };
  Object.assign(ctx.auditDetails, {
    ...followed,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
  });

  const platform = await storeOf(platformLogs).range(selectorOf(platformLogs, null, ids), {
    ...window,
    order: "asc",
    limit: PLATFORM_MAX + 1,
  });
  const lines: CorrelatedLine[] = platform
    .slice(0, PLATFORM_MAX)
    .map((l) => ({ source: "platform", ...withoutPosition(l) }));
  let truncated = platform.length > PLATFORM_MAX;

  const orgIds = [...new Set(platform.map((l) => l.org_id).filter((o): o is string => Boolean(o)))].sort();
  const orgs: { org: string; status: "included" | "reason_required"; lines: number | null }[] = [];
  for (const org of orgIds) {
    let reason: string | null;
    try {
      reason = await accessReason(ctx.actor, org, ctx.statedReason);
    } catch (err) {
      if (err instanceof ApiError && err.code === "reason_required") {
        orgs.push({ org, status: "reason_required", lines: null });
        continue;
      }
      throw err;
    }
    const tenant = await storeOf(tenantLogs).range(selectorOf(tenantLogs, org, ids), {
      ...window,
      order: "asc",
      limit: TENANT_MAX + 1,
    });
    truncated ||= tenant.length > TENANT_MAX;
    const found = tenant.slice(0, TENANT_MAX);
    lines.push(...found.map((l): CorrelatedLine => ({ source: "tenant", ...withoutPosition(l) })));
    orgs.push({ org, status: "included", lines: found.length });
    // The tenant sees this read in its audit log like any other read of its logs: who, why, what.
    await recordAudit({
      action: "logs.query",
      outcome: "allowed",
      actor: auditActor(ctx.actor),
      orgId: org,
      requestId: ctx.requestId,
      ip: ctx.ip,
      details: {
        correlate: true,
        ...followed,
        reason,
        lines: found.length,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
      },
    });
  }
  lines.sort((a, b) => a.ts.localeCompare(b.ts) || Number(a.id) - Number(b.id));
  Object.assign(ctx.auditDetails, {
    platform_lines: Math.min(platform.length, PLATFORM_MAX),
    orgs: Object.fromEntries(orgs.map((o) => [o.org, o.status === "included" ? o.lines : "reason_required"])),
  });
  return { window: { start: window.start.toISOString(), end: window.end.toISOString() }, lines, orgs, truncated };
}
