// The handoff gate and who may tick what, as plain functions. Browser-safe.

import type { HandoffPhase } from "@/lib/vocabulary";

export interface ItemState {
  key: string;
  phase: HandoffPhase;
  label: string;
  done: boolean;
}

export interface OpenIncidentState {
  id: string;
  ref: string;
  title: string;
  last_entry_at: string | null;
  declared_at: string;
}

export interface Problem {
  kind: "item" | "summary" | "stale_timeline" | "status";
  key?: string;
  incident_id?: string;
  message: string;
}

const minutes = (ms: number) => Math.floor(ms / 60_000);

/**
 * What stops the outgoing engineer from submitting: an end item not done, an open incident without an
 * investigation summary, an open incident whose timeline has had nothing for `staleMs` (add a note first).
 */
export function submitProblems(
  h: { status: string; items: ItemState[]; summaries: Record<string, string> },
  open: OpenIncidentState[],
  staleMs: number,
  now = Date.now(),
): Problem[] {
  if (h.status !== "open") return [{ kind: "status", message: `This handoff is already ${h.status}.` }];
  const out: Problem[] = [];
  for (const i of h.items)
    if (i.phase === "end" && !i.done)
      out.push({ kind: "item", key: i.key, message: `End of shift: "${i.label}" is not done.` });
  for (const inc of open) {
    if (!h.summaries[inc.id]?.trim())
      out.push({
        kind: "summary",
        incident_id: inc.id,
        message: `${inc.ref} (${inc.title}) has no investigation summary.`,
      });
    const last = Date.parse(inc.last_entry_at ?? inc.declared_at);
    if (now - last > staleMs) {
      out.push({
        kind: "stale_timeline",
        incident_id: inc.id,
        message: `${inc.ref}'s timeline was last updated ${minutes(now - last)} minutes ago: add a note to it before handing off.`,
      });
    }
  }
  return out;
}

/** What stops the incoming engineer from acknowledging: not submitted yet, or a start item not done. */
export function ackProblems(h: { status: string; items: ItemState[] }): Problem[] {
  if (h.status === "open")
    return [{ kind: "status", message: "The outgoing engineer has not submitted this handoff yet." }];
  if (h.status === "acknowledged") return [{ kind: "status", message: "This handoff is already acknowledged." }];
  return h.items
    .filter((i) => i.phase === "start" && !i.done)
    .map((i) => ({ kind: "item" as const, key: i.key, message: `Start of shift: "${i.label}" is not done.` }));
}

/** Start items are the incoming's, end items the outgoing's; end items freeze at submit, everything at ack. */
export function itemEditError(
  h: { status: string; outgoingId: string; incomingId: string },
  phase: "start" | "end",
  actorId: string,
): { code: "forbidden" | "conflict"; message: string } | null {
  const owner = phase === "start" ? h.incomingId : h.outgoingId;
  if (actorId !== owner)
    return {
      code: "forbidden",
      message: `${phase === "start" ? "Start-of-shift items belong to the incoming" : "End-of-shift items belong to the outgoing"} engineer.`,
    };
  if (h.status === "acknowledged") return { code: "conflict", message: "This handoff is acknowledged and closed." };
  if (phase === "end" && h.status !== "open")
    return { code: "conflict", message: "End-of-shift items are frozen once the handoff is submitted." };
  return null;
}

/** The start item that says paging reaches the incoming engineer. */
export const PAGING_ITEM = "confirm-paging";

/** Ticking "paging is reachable" needs evidence: a delivered test page, or a note saying how it was checked. */
export function pagingTickError(key: string, note: string, test: { delivered: boolean } | null): string | null {
  if (key !== PAGING_ITEM || test?.delivered || note.trim()) return null;
  return "say in the note how you confirmed paging reaches you (a delivered test page ticks it for you)";
}
