// The dead man's switch. Prometheus's rule file carries a Watchdog alert that always fires, and
// Alertmanager sends it every minute; the intake records each arrival, per Alertmanager (its external
// URL). When none has arrived from one for WATCHDOG_MISSING_MINUTES, the console itself raises
// AlertingPipelineSilent for it — a page to the primary
// through the same alerts and escalation as any other, so every replica raises the same alert and it pages
// once — because a silent Prometheus or Alertmanager cannot report about itself. When the Watchdog
// returns, the page resolves. Before the first Watchdog the pipeline is "never heard from": not OK.
import "server-only";
import { createHash } from "node:crypto";
import { inArray } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { alerts, pipelineHeartbeats } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { intakeAlertmanager } from "./intake";
import type { AlertmanagerWebhook, PipelineState } from "./contract";
import { isOpen } from "@/lib/vocabulary";

export const SILENT_ALERT = "AlertingPipelineSilent";
const fingerprint = (source: string) =>
  `ops-console:alerting-pipeline-silent:${createHash("sha256").update(source).digest("hex").slice(0, 12)}`;

/**
 * Every pipeline that has sent a Watchdog, and how it is now: ok while its Watchdog arrives, silent when it
 * stopped; with none ever heard from, "never" — the console cannot tell, which is not OK either.
 */
export async function pipelineState(now = Date.now()): Promise<PipelineState> {
  const rows = await db().select().from(pipelineHeartbeats).orderBy(pipelineHeartbeats.source);
  const missing = env().WATCHDOG_MISSING_MINUTES * 60;
  const pipelines = rows.map((r) => ({
    source: r.source,
    state: now - r.lastAt.getTime() > missing * 1000 ? ("silent" as const) : ("ok" as const),
    last_watchdog_at: r.lastAt.toISOString(),
    first_watchdog_at: r.firstAt.toISOString(),
  }));
  const silent = pipelines.filter((p) => p.state === "silent");
  const latest =
    pipelines
      .map((p) => p.last_watchdog_at)
      .sort()
      .at(-1) ?? null;
  return {
    state: !pipelines.length ? "never" : silent.length ? "silent" : "ok",
    // The silent pipeline's last Watchdog when one is silent, else the latest.
    last_watchdog_at: silent[0]?.last_watchdog_at ?? latest,
    first_watchdog_at: pipelines.map((p) => p.first_watchdog_at).sort()[0] ?? null,
    missing_after_s: missing,
    pipelines,
  };
}

const hhmm = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** Raises or resolves AlertingPipelineSilent, one per pipeline, to match its Watchdog (each escalation tick, on every process). */
export async function checkPipeline(origin: string, now = Date.now()): Promise<PipelineState> {
  const state = await pipelineState(now);
  const fps = state.pipelines.map((p) => fingerprint(p.source));
  const openRows = fps.length
    ? await db()
        .select({ fp: alerts.fingerprint, status: alerts.status })
        .from(alerts)
        .where(inArray(alerts.fingerprint, fps))
    : [];
  const firing = new Set(openRows.filter((r) => isOpen(r.status)).map((r) => r.fp));
  const items: AlertmanagerWebhook["alerts"] = [];
  for (const p of state.pipelines) {
    const fp = fingerprint(p.source);
    if (p.state === "silent" && !firing.has(fp)) {
      items.push({
        status: "firing",
        fingerprint: fp,
        labels: {
          alertname: SILENT_ALERT,
          severity: "critical",
          priority: "P0",
          service: "control-plane",
          pipeline: p.source,
          source: "ops-console",
        },
        annotations: {
          summary: `The alerting pipeline ${p.source} is silent since ${hhmm(p.last_watchdog_at)}: no Watchdog for ${Math.round(state.missing_after_s / 60)} minutes`,
          description:
            "Prometheus or Alertmanager has stopped delivering: no other alert can reach anyone through it until it is back.",
          runbook_url: `${origin}/runbooks/alerting-pipeline-silent`,
        },
      });
    } else if (p.state === "ok" && firing.has(fp))
      items.push({
        status: "resolved",
        fingerprint: fp,
        labels: { alertname: SILENT_ALERT, pipeline: p.source },
        annotations: {},
      });
  }
  if (items.length)
    await intakeAlertmanager(
      {
        version: "4",
        groupKey: "ops-console:pipelines",
        status: items.some((i) => i.status === "firing") ? "firing" : "resolved",
        receiver: "ops-console",
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        alerts: items,
      },
      origin,
    );
  return state;
}
