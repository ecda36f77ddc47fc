// What a change is, and which changes a deploy freeze forbids, as plain functions. Browser-safe.
import type { ChangeKind, ChangeStatus } from "@/lib/vocabulary";

/** Kinds a deploy freeze holds back: shipping code or config. A rollback is how a freeze is meant to end. */
export const FROZEN_KINDS: readonly ChangeKind[] = ["deploy", "config"];

/** Is this change one the freeze forbids? (Whether a freeze covers it is the incidents' rule.) */
export function freezeApplies(kind: ChangeKind): boolean {
  return FROZEN_KINDS.includes(kind);
}

/** Kinds an org sees marked in its own log view: its releases and their rollbacks. */
export const RELEASE_KINDS: readonly ChangeKind[] = ["deploy", "rollback"];

/** A release as one line between log lines: "release v42 of web deployed to production". */
export function releaseText(c: {
  kind: ChangeKind;
  status: ChangeStatus;
  ref: string | null;
  app_id: string | null;
  env_id: string | null;
  summary: string;
}): string {
  const what = c.app_id ?? "the app";
  const to = c.env_id ? ` to ${c.env_id}` : "";
  const ref = c.ref ? ` ${c.ref}` : "";
  if (c.kind === "rollback")
    return `${what}${c.env_id ? ` in ${c.env_id}` : ""} rolled back${ref ? ` to${ref}` : ""}${c.status === "succeeded" ? "" : ` (${c.status.replace("_", " ")})`}`;
  if (c.kind !== "deploy") return c.summary;
  const how = {
    started: "deploying",
    succeeded: "deployed",
    failed: "failed to deploy",
    rolled_back: "deployed, then rolled back",
  }[c.status];
  return `release${ref} of ${what} ${how}${to}`;
}
