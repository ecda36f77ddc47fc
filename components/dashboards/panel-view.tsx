"use client";

// One dashboard panel: a time series chart with units, legend and threshold lines; a stat; a status grid;
// or a table — each with its own loading, error and empty state, and its runbook link.
import Link from "next/link";
import { memo } from "react";
import type { DashboardPanel } from "@/lib/metrics/contract";
import { changesHref, platformLogsHref, regionList } from "@/lib/metrics/investigate";
import type { Panel as PanelDef } from "@/lib/metrics/dashboards/types";
import { Time } from "@/components/ui/time";
import { PanelTable } from "./panel-table";
import { Stat } from "./panel-stat";
import { StatusGrid } from "./panel-status-grid";
import { TimeSeries } from "./panel-timeseries";

type Meta = Pick<PanelDef, "id" | "title" | "description" | "unit" | "kind" | "more">;

const link = "tap shrink-0 text-xs text-indigo-700 hover:underline dark:text-indigo-400";

/** A dashboard's panel: drawn again only when its own data (or the range) changes, not on every refresh. */
export const PanelFrame = memo(function PanelFrame({
  meta,
  data,
  loading,
  region,
  from,
  to,
  children,
}: {
  meta: Meta;
  data?: DashboardPanel;
  loading: boolean;
  region?: string;
  /** The dashboard's range (ISO): where the panel's Logs and Changes look. */
  from?: string;
  to?: string;
  children?: React.ReactNode;
}) {
  const wide = meta.kind === "status-grid" || meta.kind === "table";
  const scope =
    data && from && to
      ? { services: data.services, regions: regionList(region), from: Date.parse(from), to: Date.parse(to) }
      : null;
  return (
    <section
      aria-label={meta.title}
      data-panel={meta.id}
      className={`flex min-w-0 flex-col rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${wide ? "lg:col-span-2" : ""}`}
    >
      <header className="mb-2 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-sm font-medium" title={meta.title}>
            {meta.title}
          </h2>
          <p className="text-xs text-muted">{meta.description}</p>
        </div>
        <nav aria-label={`${meta.title}: investigate`} className="flex shrink-0 gap-2">
          {scope && (
            <>
              <Link
                href={platformLogsHref(scope)}
                className={link}
                title={`Warnings and errors of ${scope.services.join(", ")} in this range`}
              >
                Logs
              </Link>
              <Link
                href={changesHref(scope)}
                className={link}
                title={`Changes to ${scope.services.join(", ")} in this range`}
              >
                Changes
              </Link>
            </>
          )}
          {meta.more && (
            <Link href={meta.more.href} className={link} title={meta.more.title}>
              {meta.more.label}
            </Link>
          )}
          {data?.runbook_url && (
            <Link href={data.runbook_url} className={link}>
              Runbook
            </Link>
          )}
        </nav>
      </header>
      {loading && !data ? (
        <div
          role="status"
          aria-label={`Loading ${meta.title}`}
          className="h-48 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800"
        />
      ) : data?.error ? (
        <div
          role="alert"
          className="flex h-48 items-center justify-center rounded border border-red-200 bg-red-50 p-3 text-center text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <span>
            <span className="font-medium">This panel could not load.</span> {data.error}
          </span>
        </div>
      ) : data && data.series.length === 0 ? (
        <div
          role="status"
          data-state="no_data"
          className="flex h-48 items-center justify-center rounded bg-zinc-100 p-3 text-center text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          <span>
            <span className="font-medium">No data</span>
            {region ? ` for ${region}` : ""} <Since iso={data.no_data_since ?? null} />. This is not OK: the service or
            its exporter may be down.
          </span>
        </div>
      ) : data ? (
        <>
          {(data.no_data_since !== undefined || data.missing_regions) && (
            <p
              role="status"
              data-state="no_data"
              className="mb-2 rounded bg-zinc-100 px-2 py-1 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            >
              <span className="font-medium">No data</span>
              {data.no_data_since !== undefined ? (
                <>
                  {" "}
                  <Since iso={data.no_data_since} />
                </>
              ) : (
                <> from {data.missing_regions?.join(", ")} now</>
              )}
              : not OK — the service or its exporter may be down.
            </p>
          )}
          {children ?? <PanelBody panel={data} region={region} />}
        </>
      ) : null}
    </section>
  );
});

/** "since 14:02", or "for over an hour" when the console saw nothing within it. */
function Since({ iso }: { iso: string | null }) {
  return iso ? (
    <>
      since <Time iso={iso} compact />
    </>
  ) : (
    <>for over an hour</>
  );
}

function PanelBody({ panel, region }: { panel: DashboardPanel; region?: string }) {
  switch (panel.kind) {
    case "timeseries":
      return <TimeSeries panel={panel} region={region} />;
    case "stat":
      return <Stat panel={panel} />;
    case "status-grid":
      return <StatusGrid panel={panel} />;
    case "table":
      return <PanelTable panel={panel} />;
  }
}
