"use client";

// The weekly review: incidents by week, severity and service; the clocks (MTTA, time to declare, to mitigate,
// MTTR) by severity against the playbook's targets; update cadence; action items and postmortems; alert
// quality. Each chart has a table beside it (what a screen reader reads) with a CSV download; the window and
// filters live in the URL.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { insightsQuery } from "@/lib/client/queries/insights";
import { toCsv, type CsvCell } from "@/lib/client/csv";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { minutesText } from "@/lib/incidents/rules";
import type { Insights } from "@/lib/insights/contract";
import { INCIDENT_SEVERITIES, type Severity } from "@/lib/vocabulary";
import { BarChart } from "@/components/ui/bar-chart";
import { control, fieldLabel } from "@/components/ui/control";
import { ErrorNotice, PageHeader, Panel, Skeleton } from "@/components/ui/page";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";

const SEVERITY_COLOR: Record<Severity, string> = { sev0: "#dc2626", sev1: "#ea580c", sev2: "#ca8a04", sev3: "#6366f1" };
const dur = (s: number | null) => (s === null ? "—" : s < 120 ? `${s} s` : minutesText(s * 1000));
const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);
/** An SLI or objective: 99.9 %, not 100 %. */
const pct3 = (x: number | null) => (x === null ? "—" : `${(Math.floor(x * 100_000) / 1000).toFixed(3)}%`);

function csvHref(header: string[], rows: CsvCell[][]) {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(header, rows))}`;
}

/** A table of figures with its CSV beside it; the first column heads each row. */
function FigureTable({
  caption,
  file,
  header,
  rows,
}: {
  caption: string;
  file: string;
  header: string[];
  rows: CsvCell[][];
}) {
  return (
    <div className="overflow-x-auto">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">{caption}</h3>
        <a
          className="tap text-sm text-indigo-700 underline dark:text-indigo-400"
          download={file}
          href={csvHref(header, rows)}
        >
          CSV<span className="sr-only"> of {caption}</span>
        </a>
      </div>
      <Table density="tight" ruled>
        <THead>
          {header.map((h) => (
            <HeadCell key={h} scope="col">
              {h}
            </HeadCell>
          ))}
        </THead>
        <tbody>
          {rows.map((r, i) => (
            <Row key={i}>
              {r.map((c, k) =>
                k === 0 ? (
                  <RowHead key={k}>{String(c ?? "—")}</RowHead>
                ) : (
                  <Cell key={k} className="tabular-nums">
                    {c === null || c === undefined ? "—" : String(c)}
                  </Cell>
                ),
              )}
            </Row>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Panel className="min-w-0 p-3 break-words">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{label}</p>
      <p className="text-xl font-semibold tabular-nums">{value}</p>
      {hint && <p className="text-xs text-zinc-600 dark:text-zinc-400">{hint}</p>}
    </Panel>
  );
}

export function InsightsView() {
  const { params, set } = useUrlFilters();
  const to = params.get("to") ?? undefined;
  const from = params.get("from") ?? undefined;
  const severity = params.getAll("severity").filter((s): s is Severity => INCIDENT_SEVERITIES.includes(s as Severity));
  const service = params.getAll("service");
  const days = [7, 28, 90, 365].find((d) => String(d) === params.get("days")) ?? 28;
  const q = useQuery(insightsQuery({ days, from, to, severity, service }));
  return (
    <>
      <PageHeader
        title="Weekly review"
        description="Are incidents and alerts getting better? Incidents, their clocks against the playbook, updates, action items and alert quality."
      />
      <Panel className="mb-4 flex flex-wrap items-end gap-3 p-3">
        <label className="flex flex-col gap-1">
          <span className={fieldLabel}>Window</span>
          <select className={control} value={String(days)} onChange={(e) => set("days", e.target.value)}>
            {[7, 28, 90, 365].map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className={fieldLabel}>Severity</span>
          <select className={control} value={severity[0] ?? ""} onChange={(e) => set("severity", e.target.value)}>
            <option value="">all</option>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className={fieldLabel}>Service</span>
          <input
            className={control}
            defaultValue={service[0] ?? ""}
            placeholder="all"
            onKeyDown={(e) => {
              if (e.key === "Enter") set("service", e.currentTarget.value.trim());
            }}
            onBlur={(e) => set("service", e.currentTarget.value.trim())}
          />
        </label>
      </Panel>
      {q.isPending ? (
        <Skeleton rows={8} />
      ) : q.isError ? (
        <ErrorNotice message={q.error.message} />
      ) : (
        <Figures data={q.data} />
      )}
    </>
  );
}

function Figures({ data }: { data: Insights }) {
  const a = data.alerts;
  const critical = data.clocks.find((c) => c.severity === "sev0");
  const sloName = new Map(data.slos.map((s) => [s.slo, s.name]));
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Incidents" value={String(data.incidents)} />
        <Stat
          label="SEV0 MTTR (median)"
          value={dur(critical?.mttr_median_s ?? null)}
          hint={`target under ${dur(critical?.mttr_target_s ?? null)}`}
        />
        <Stat label="Pages" value={String(a.pages)} hint={`${a.per_shift} per shift · ${a.night_pages} at night`} />
        <Stat label="Actionable pages" value={pct(a.actionable_share)} hint={`${a.noise} noise`} />
        <Stat label="Acknowledged within the clock" value={pct(a.acked_within_clock_share)} />
        <Stat
          label="Customer updates on time"
          value={`${data.cadence.kept} kept`}
          hint={`${data.cadence.missed} missed`}
        />
        <Stat
          label="Action items"
          value={`${data.action_items.open} open`}
          hint={`${data.action_items.overdue} overdue · ${data.action_items.closed} closed`}
        />
        <Stat
          label="Postmortems"
          value={`${data.postmortems.published} published`}
          hint={`${data.postmortems.overdue} overdue`}
        />
      </div>

      <Panel className="grid grid-cols-1 gap-4 p-4 lg:grid-cols-2">
        <figure className="min-w-0" aria-label="Incidents by week and severity (the table beside it has the figures)">
          <h2 className="mb-2 font-medium">Incidents by week</h2>
          <div aria-hidden="true" className="h-56">
            <BarChart
              data={data.by_week.map((w) => ({
                key: w.week,
                label: w.week.slice(5),
                values: INCIDENT_SEVERITIES.map((s) => w[s]),
              }))}
              series={INCIDENT_SEVERITIES.map((s) => ({ name: s.toUpperCase(), color: SEVERITY_COLOR[s] }))}
            />
          </div>
        </figure>
        <FigureTable
          caption="Incidents by week (week starting Monday, UTC)"
          file="incidents-by-week.csv"
          header={["Week", "SEV0", "SEV1", "SEV2", "SEV3", "Total"]}
          rows={data.by_week.map((w) => [w.week, w.sev0, w.sev1, w.sev2, w.sev3, w.total])}
        />
      </Panel>

      <Panel className="space-y-4 p-4">
        <h2 className="font-medium">Clocks by severity, against the playbook</h2>
        <FigureTable
          caption="Time to acknowledge, declare, mitigate and resolve (median / p90)"
          file="incident-clocks.csv"
          header={[
            "Severity",
            "Incidents",
            "MTTA median",
            "MTTA p90",
            "MTTA target",
            "Declare median",
            "Declare p90",
            "Mitigate median",
            "Mitigate p90",
            "MTTR median",
            "MTTR p90",
            "MTTR target",
          ]}
          rows={data.clocks.map((c) => [
            c.severity.toUpperCase(),
            c.incidents,
            dur(c.mtta_median_s),
            dur(c.mtta_p90_s),
            dur(c.mtta_target_s),
            dur(c.declare_median_s),
            dur(c.declare_p90_s),
            dur(c.mitigate_median_s),
            dur(c.mitigate_p90_s),
            dur(c.mttr_median_s),
            dur(c.mttr_p90_s),
            dur(c.mttr_target_s),
          ])}
        />
        <FigureTable
          caption="Incidents by service"
          file="incidents-by-service.csv"
          header={["Service", "Incidents"]}
          rows={data.by_service.map((s) => [s.service, s.incidents])}
        />
      </Panel>

      <Panel className="grid grid-cols-1 gap-4 p-4 lg:grid-cols-2">
        <figure className="min-w-0" aria-label="Pages by hour of day, UTC (the table beside it has the figures)">
          <h2 className="mb-2 font-medium">Pages by hour (UTC)</h2>
          <div aria-hidden="true" className="h-56">
            <BarChart
              data={a.by_hour.map((h) => ({
                key: String(h.hour),
                label: String(h.hour).padStart(2, "0"),
                values: [h.pages],
              }))}
              series={[{ name: "pages", color: "#6366f1" }]}
            />
          </div>
        </figure>
        <div className="space-y-4">
          <FigureTable
            caption="Noisiest alert rules"
            file="noisiest-rules.csv"
            header={["Rule", "Pages", "Noise (resolved by itself, no ack or incident)"]}
            rows={a.noisiest.map((n) => [n.name, n.pages, n.noise])}
          />
          <FigureTable
            caption="Flapping alerts"
            file="flapping-alerts.csv"
            header={["Rule", "Flaps"]}
            rows={a.flapping.map((f) => [f.name, f.flaps])}
          />
          <FigureTable
            caption="Pages by hour (UTC)"
            file="pages-by-hour.csv"
            header={["Hour", "Pages"]}
            rows={a.by_hour.map((h) => [`${String(h.hour).padStart(2, "0")}:00`, h.pages])}
          />
        </div>
      </Panel>

      <Panel className="space-y-4 p-4">
        <h2 className="font-medium">SLOs over 30 days, and what incidents cost them</h2>
        {data.slo_error && (
          <p className="text-sm break-words text-amber-800 dark:text-amber-300">
            No SLO figures: {data.slo_error}. Attainment is unknown, not met.
          </p>
        )}
        <FigureTable
          caption={`SLO attainment for the 30 days to ${data.to.slice(0, 10)}`}
          file="slo-attainment.csv"
          header={["SLO", "Region", "Objective", "Attained", "Budget left"]}
          rows={data.slos.map((s) => [s.name, s.region, pct3(s.objective), pct3(s.attained), pct(s.budget_left)])}
        />
        <FigureTable
          caption="Error budget spent by incident (the window's newest resolved, share of the 30-day budget)"
          file="budget-by-incident.csv"
          header={["Incident", "SLO", "Region", "Impact", "Budget spent"]}
          rows={data.budget_by_incident.map((b) => [
            b.ref,
            sloName.get(b.slo) ?? b.slo,
            b.region,
            dur(b.seconds),
            pct(b.spent),
          ])}
        />
      </Panel>

      <Panel className="p-4 text-sm">
        <h2 className="font-medium">Runbooks not exercised lately</h2>
        {data.runbooks_untested.length === 0 ? (
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">Every runbook was exercised recently.</p>
        ) : (
          <ul className="mt-2 space-y-1">
            {data.runbooks_untested.map((r) => (
              <li key={r.slug}>
                <Link className="tap underline" href={`/runbooks/${r.slug}`}>
                  {r.title}
                </Link>{" "}
                — {r.last_exercised_at ? `last exercised ${r.last_exercised_at.slice(0, 10)}` : "never exercised"}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
