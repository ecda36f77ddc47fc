// Reading the audit log: which events are platform staff reading a tenant's logs. One rule, used by the
// org view's "Operator reads only" filter (as SQL, in ./index) and the table's "operator read" label.
// Browser-safe.
import type { ActorRelation } from "@/lib/vocabulary";

/** The actions of reading an org's logs: queries, context, exports, tails (open and close), stated reasons. */
export const LOG_READ_PREFIX = "logs.";

/**
 * A read of the org's logs by platform staff: the actor was not a member of the org when they acted. A
 * member's own reads (a tail they closed, whatever its reason) are never one.
 */
export function isOperatorRead(e: { action: string; actor: { relation?: ActorRelation | null } }): boolean {
  return e.actor.relation === "staff" && e.action.startsWith(LOG_READ_PREFIX);
}

/** The reason staff stated for the read: on the read itself, or carried onto a stream's close. */
export function statedReason(details: Record<string, unknown>): string | null {
  const r = details.access_reason ?? details.reason;
  return typeof r === "string" ? r : null;
}
