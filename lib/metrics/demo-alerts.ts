// In the embedded demo there is no Prometheus: the console evaluates its own rule file on the simulator
// (./rule-state) every minute and sends what fires and resolves through the same intake Alertmanager
// uses — every rule, not only the SLO burns — with the Watchdog as the pipeline's heartbeat.
import "server-only";
import { createHash } from "node:crypto";
import { and, ne, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts } from "@/lib/db/schema";
import { intakeAlertmanager } from "@/lib/alerts/intake";
import type { AlertmanagerWebhook } from "@/lib/alerts/contract";
import { logError } from "@/lib/http/errors";
import { metricsSource } from "./sources";
import { renderAlert, ruleStates } from "./rule-state";

const SOURCE = "simulator";
/** The demo's alerting pipeline, as the intake names the Alertmanager a Watchdog comes from. */
const PIPELINE = "ops-console:simulator";
const fingerprint = (labels: Record<string, string>) =>
  createHash("sha256")
    .update(JSON.stringify(Object.entries(labels).sort()))
    .digest("hex")
    .slice(0, 16);

export async function syncRuleAlerts(now = Date.now()): Promise<{ firing: number; resolved: number }> {
  const states = await ruleStates(await metricsSource(), now);
  const items: AlertmanagerWebhook["alerts"] = [];
  const firingFps = new Set<string>();
  for (const status of states) {
    for (const alert of status.alerts.filter((a) => a.state === "firing")) {
      const { labels, annotations } = renderAlert(status, alert);
      const all = { ...labels, source: SOURCE };
      const fp = fingerprint(all);
      firingFps.add(fp);
      items.push({
        status: "firing",
        labels: all,
        annotations,
        fingerprint: fp,
        startsAt: alert.active_since ?? undefined,
      });
    }
  }
  // Resolve what the demo raised and no longer fires; an alert that never fired needs no resolution.
  const open = await db()
    .select({ fp: alerts.fingerprint, labels: alerts.labels })
    .from(alerts)
    .where(and(ne(alerts.status, "resolved"), sql`${alerts.labels}->>'source' = ${SOURCE}`));
  for (const o of open)
    if (!firingFps.has(o.fp)) items.push({ status: "resolved", labels: o.labels, annotations: {}, fingerprint: o.fp });
  if (items.length === 0) return { firing: 0, resolved: 0 };
  const res = await intakeAlertmanager({
    version: "4",
    groupKey: SOURCE,
    externalURL: PIPELINE,
    status: items.some((i) => i.status === "firing") ? "firing" : "resolved",
    receiver: "ops-console",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts: items,
  });
  return { firing: res.firing, resolved: res.resolved };
}

/** The demo pipeline's Watchdog, as an Alertmanager would repeat it. */
async function watchdog() {
  await intakeAlertmanager({
    version: "4",
    groupKey: "watchdog",
    externalURL: PIPELINE,
    status: "firing",
    receiver: "ops-console",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts: [
      {
        status: "firing",
        labels: { alertname: "Watchdog", severity: "low" },
        annotations: {},
        fingerprint: "simulator-watchdog",
      },
    ],
  });
}

/** Rules every minute, the Watchdog every 15 s, while the embedded console runs. */
export function startRuleAlerts(everyMs = 60_000): void {
  const tick = () => void syncRuleAlerts().catch((err) => logError("demo alerts", err));
  const beat = () => void watchdog().catch((err) => logError("demo watchdog", err));
  setTimeout(tick, 5_000).unref?.();
  setInterval(tick, everyMs).unref?.();
  beat();
  setInterval(beat, 15_000).unref?.();
}
