// Page or ticket, and pager eligibility, from an alert's labels and annotations. Browser-safe.

export interface Classification {
  kind: "page" | "ticket";
  pagerEligible: boolean;
  reason: string | null;
}

/**
 * `severity` page/critical pages; anything else is a ticket. A page without a runbook link or a summary
 * is downgraded to a ticket and marked not pager-eligible, with the reason, so its owner can fix it.
 */
export function classify(labels: Record<string, string>, annotations: Record<string, string>): Classification {
  const severity = (labels.severity ?? "").toLowerCase();
  if (severity !== "page" && severity !== "critical") return { kind: "ticket", pagerEligible: false, reason: null };
  const missing = [!annotations.runbook_url?.trim() && "a runbook_url annotation", !annotations.summary?.trim() && "a summary annotation"].filter(Boolean);
  if (missing.length) return { kind: "ticket", pagerEligible: false, reason: `a page needs ${missing.join(" and ")}; sent as a ticket` };
  return { kind: "page", pagerEligible: true, reason: null };
}
