// In the embedded demo, the simulator's SLO burn states raise and resolve alerts through the same intake
// Alertmanager uses: a page or ticket fires while an SLO burns, and resolves when it stops.
import "server-only";
import { createHash } from "node:crypto";
import { inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts } from "@/lib/db/schema";
import { intakeAlertmanager } from "@/lib/alerts";
import type { AlertmanagerWebhook } from "@/lib/alerts/contract";
import { listSlos } from "./index";
import { logError } from "@/lib/http/errors";

const fingerprint = (labels: Record<string, string>) =>
  createHash("sha256").update(JSON.stringify(Object.entries(labels).sort())).digest("hex").slice(0, 16);

export async function syncSloAlerts(now = Date.now()): Promise<{ firing: number; resolved: number }> {
  const { slos } = await listSlos({ history: false }, now);
  const items: AlertmanagerWebhook["alerts"] = [];
  const quiet: { fp: string; labels: Record<string, string> }[] = [];
  for (const s of slos) {
    for (const severity of ["page", "ticket"] as const) {
      const labels = { alertname: "SLOErrorBudgetBurn", slo: s.slo, region: s.region, severity, source: "simulator" };
      const fp = fingerprint(labels);
      if (s.alert_state === severity) {
        items.push({
          status: "firing",
          labels,
          annotations: {
            summary: `${s.name} in ${s.region} is burning its error budget (${s.burn_rates["1h"].toFixed(1)}× over 1h)`,
            description: `${s.description} Objective ${(s.objective * 100).toFixed(2)} % over ${s.period_days} days; ${s.error_budget_remaining === null ? "no traffic" : `${(s.error_budget_remaining * 100).toFixed(1)} % of the budget left`}.`,
            runbook_url: s.runbook_url,
            dashboard_url: s.dashboard_url,
          },
          fingerprint: fp,
        });
      } else quiet.push({ fp, labels });
    }
  }
  // Resolve only what is open now; an alert that never fired needs no resolution.
  const open = quiet.length
    ? await db().select({ fp: alerts.fingerprint, status: alerts.status }).from(alerts).where(inArray(alerts.fingerprint, quiet.map((q) => q.fp)))
    : [];
  const openFps = new Set(open.filter((o) => o.status !== "resolved").map((o) => o.fp));
  for (const q of quiet) if (openFps.has(q.fp)) items.push({ status: "resolved", labels: q.labels, annotations: {}, fingerprint: q.fp });
  if (items.length === 0) return { firing: 0, resolved: 0 };
  const res = await intakeAlertmanager({ version: "4", groupKey: "simulator", status: items.some((i) => i.status === "firing") ? "firing" : "resolved", receiver: "ops-console", groupLabels: {}, commonLabels: {}, commonAnnotations: {}, alerts: items });
  return { firing: res.firing, resolved: res.resolved };
}

/** Every minute while the embedded console runs. */
export function startSloAlerts(everyMs = 60_000): void {
  const tick = () => void syncSloAlerts().catch((err) => logError("demo alerts", err));
  setTimeout(tick, 5_000).unref?.();
  setInterval(tick, everyMs).unref?.();
}
