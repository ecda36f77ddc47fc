// Dashboards and SLOs from the configured metrics source: panels evaluated over a range (time series) or
// now (stat, status grid, table), each panel's failure kept on that panel, and SLO burn rates.
import "server-only";
import { metricsRegions } from "./known-regions";
import { ApiError } from "@/lib/http/errors";
import { DASHBOARDS, findDashboard, panelServices, type Dashboard } from "./dashboards";
import { compile, type QueryOptions } from "./query";
import { ruleStates } from "./rule-state";
import { findChanges } from "@/lib/changes";
import type { Change } from "@/lib/changes/contract";
import { MetricsError, metricsSource, type MetricsSource } from "./sources";
import { checkRegion, resolveRange, type RangeQuery } from "./range";
import {
  evaluatePanel,
  INSTANT_WINDOW,
  lastData,
  minWindow,
  missingRegions,
  panelMeta,
  panelWindow,
  RANK,
  sampleLevel,
  worst,
  type DataState,
} from "./panels";

export { metricsRegions } from "./known-regions";

interface Finding {
  panel: string;
  level: Exclude<DataState, "ok">;
  labels: Record<string, string>;
  value: number | null;
  /** For no data: when it last had data (within the hour), else null. */
  since?: string | null;
}

/** The dashboard's state now: the worst of its panels with thresholds — what is wrong, and what the console cannot see. */
async function dashboardStatus(d: Dashboard, source: MetricsSource, now: number) {
  const findings: Finding[] = [];
  let errors = 0;
  const regions = metricsRegions();
  await Promise.all(
    d.panels
      .filter((p) => p.thresholds || p.grid?.state)
      .map(async (p) => {
        try {
          const samples = (await source.instant(p.query, { window: INSTANT_WINDOW }, now)).filter(
            (s) => Number.isFinite(s.value) || p.grid?.state,
          );
          for (const s of samples) {
            const level = sampleLevel(p, s);
            if (level !== "ok")
              findings.push({
                panel: p.title,
                level,
                labels: s.labels,
                value: Number.isFinite(s.value) ? s.value : null,
              });
          }
          // Nothing, or nothing from a region: no data, and since when.
          const missing = samples.length ? missingRegions(p, regions, samples) : [undefined];
          for (const region of missing)
            findings.push({
              panel: p.title,
              level: "no_data",
              labels: region ? { region } : {},
              value: null,
              since: await lastData(p, source, now, region),
            });
        } catch (err) {
          if (!(err instanceof MetricsError)) throw err;
          errors++;
          findings.push({ panel: p.title, level: "error", labels: {}, value: null });
        }
      }),
  );
  findings.sort((a, b) => RANK[b.level] - RANK[a.level] || a.panel.localeCompare(b.panel));
  return {
    state: worst(findings.map((f) => f.level)),
    findings: findings.slice(0, 5),
    finding_count: findings.length,
    panel_errors: errors,
  };
}

export async function listDashboards(opts: { status: boolean }) {
  const source = await metricsSource();
  const now = Date.now();
  const dashboards = await Promise.all(
    DASHBOARDS.map(async (d) => ({
      slug: d.slug,
      title: d.title,
      description: d.description,
      panels: d.panels.map((p) => panelMeta(d, p)),
      status: opts.status ? await dashboardStatus(d, source, now) : null,
    })),
  );
  return { source: source.name, dashboards };
}

export async function getDashboard(slug: string, q: RangeQuery) {
  const d = findDashboard(slug);
  if (!d)
    throw new ApiError("not_found", `No dashboard '${slug}'. Dashboards: ${DASHBOARDS.map((x) => x.slug).join(", ")}.`);
  checkRegion(q.region);
  const range = resolveRange(q);
  const source = await metricsSource();
  const o: QueryOptions = { window: minWindow(), region: q.region };
  const regions = metricsRegions();
  const [changes, evaluated] = await Promise.all([
    dashboardChanges(d, range, q.region),
    Promise.all(d.panels.map(async (p) => ({ p, data: await evaluatePanel(p, source, o, range, regions) }))),
  ]);
  const panels = evaluated.map(({ p, data: { series, error, no_data_since, missing_regions } }) => {
    const services = panelServices(d, p);
    const annotations = changes.list.filter((c) => services.some((s) => s === c.service)).map(annotation);
    return {
      ...panelMeta(d, p),
      promql: compile(p.query, { ...o, window: panelWindow(p, range.step) }),
      series,
      annotations,
      ...(error ? { error } : {}),
      ...(no_data_since !== undefined ? { no_data_since } : {}),
      ...(missing_regions ? { missing_regions } : {}),
    };
  });
  return {
    slug: d.slug,
    title: d.title,
    description: d.description,
    source: source.name,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    step: range.step,
    region: q.region ?? null,
    changes: changes.list,
    changes_truncated: changes.truncated,
    panels,
  };
}

const MAX_DASHBOARD_CHANGES = 200;

/** The changes under way in the range to any of the dashboard's services, in the region when it has one. */
async function dashboardChanges(d: Dashboard, range: { from: number; to: number }, region: string | undefined) {
  const services = [...new Set(d.panels.flatMap((p) => panelServices(d, p)))];
  const list = await findChanges(
    { services, regions: region ? [region] : undefined, from: new Date(range.from), to: new Date(range.to) },
    MAX_DASHBOARD_CHANGES + 1,
  );
  return { list: list.slice(0, MAX_DASHBOARD_CHANGES), truncated: list.length > MAX_DASHBOARD_CHANGES };
}

/** A change as a chart marker: when, what, by whom, how it went, where to read more. */
const annotation = (c: Change) => ({
  change_id: c.id,
  time: Date.parse(c.started_at),
  end: c.finished_at ? Date.parse(c.finished_at) : null,
  kind: c.kind,
  service: c.service,
  regions: c.regions,
  summary: c.summary,
  actor: c.actor,
  status: c.status,
  url: c.url,
  freeze_violation: c.freeze_violation,
});

/** Every alerting rule with its state now, from the configured source. */
export async function listRuleStates() {
  const source = await metricsSource();
  return { source: source.name, rules: await ruleStates(source) };
}
