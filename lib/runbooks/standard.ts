// The platform's runbook standard: every runbook says how the problem shows (symptoms and related
// alerts), what to ask about impact and scope, safe mitigation, how to verify, when to escalate and what
// follows. Pure: the runbook page, the runbook API and the alert intake ("no runbook, no pager") use it.
import type { Block } from "./markdown";

export const RUNBOOK_SECTIONS = [
  { key: "symptoms", title: "Symptoms and alerts", heading: /symptom/i },
  { key: "impact", title: "Impact and scope", heading: /impact|scope/i },
  { key: "mitigation", title: "Mitigation", heading: /mitigat/i },
  { key: "verification", title: "Verification", heading: /verif/i },
  { key: "escalation", title: "Escalation", heading: /escalat/i },
  { key: "follow-up", title: "Follow-up", heading: /follow/i },
] as const;

/** The sections a runbook lacks, or has without any content, by title. */
export function runbookProblems(blocks: Block[]): string[] {
  const missing: string[] = [];
  for (const s of RUNBOOK_SECTIONS) {
    const at = blocks.findIndex((b) => b.kind === "heading" && s.heading.test(b.text));
    const next = blocks[at + 1];
    if (at < 0 || !next || next.kind === "heading") missing.push(s.title);
  }
  return missing;
}

/** The console's own runbook a link points to (`/runbooks/slug`, on this console or relative), if any. */
export function consoleRunbookSlug(url: string, consoleOrigin?: string): string | null {
  const m = /^(?:(https?:\/\/[^/]+))?\/runbooks\/([a-z0-9-]+)\/?$/.exec(url.trim());
  if (!m) return null;
  if (m[1] && consoleOrigin && m[1] !== consoleOrigin.replace(/\/+$/, "")) return null;
  if (m[1] && !consoleOrigin) return null;
  return m[2]!;
}

/** Untested: never exercised, or not for `days` (RUNBOOK_TEST_DAYS; the standard: tested at least quarterly). */
export function isUntested(lastExercisedAt: number | null, days: number, now: number): boolean {
  return lastExercisedAt === null || now - lastExercisedAt > days * 86_400_000;
}
