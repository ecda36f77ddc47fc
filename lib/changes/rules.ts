// What a change is, and which changes a deploy freeze forbids, as plain functions. Browser-safe.
export const CHANGE_KINDS = ["deploy", "rollback", "config", "flag", "migration", "maintenance", "operator"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_STATUSES = ["started", "succeeded", "failed", "rolled_back"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** Kinds a deploy freeze holds back: shipping code or config. A rollback is how a freeze is meant to end. */
export const FROZEN_KINDS: readonly ChangeKind[] = ["deploy", "config"];

/** Is this change one the freeze forbids? (Whether a freeze covers it is the incidents' rule.) */
export function freezeApplies(kind: ChangeKind): boolean {
  return FROZEN_KINDS.includes(kind);
}
