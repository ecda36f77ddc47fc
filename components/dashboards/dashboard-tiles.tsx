"use client";

// One tile per dashboard with its state now (the worst panel over its thresholds) and what is wrong.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { dashboardsQuery } from "@/lib/client/queries/dashboards";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Skeleton } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { LEVEL_TEXT, LEVEL_TONE, seriesName } from "./format";

const BORDER = {
  ok: "border-l-emerald-500",
  warn: "border-l-amber-500",
  critical: "border-l-red-600",
  no_data: "border-l-zinc-400",
  error: "border-l-red-600",
} as const;
const DOT = {
  warn: "text-amber-600 dark:text-amber-400",
  critical: "text-red-600 dark:text-red-400",
  error: "text-red-600 dark:text-red-400",
  no_data: "text-zinc-400",
} as const;

export function DashboardTiles() {
  const q = useQuery(dashboardsQuery());
  if (q.isPending) return <Skeleton rows={6} />;
  if (q.isError) return <ErrorNotice title="Dashboards could not load" message={q.error.message} />;
  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">
        Data from the {q.data.source === "prometheus" ? "Prometheus server" : "built-in platform simulator"}.
      </p>
      <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {q.data.dashboards.map((d) => {
          const state = d.status?.state ?? "ok";
          return (
            <li key={d.slug}>
              <Link
                href={`/dashboards/${d.slug}`}
                data-dashboard={d.slug}
                className={`block h-full rounded-lg border border-l-4 border-zinc-200 bg-white p-4 hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800/60 ${BORDER[state]}`}
              >
                <div className="flex items-center justify-between gap-2">
                  <h2 className="font-medium">{d.title}</h2>
                  <Badge tone={LEVEL_TONE[state]}>{LEVEL_TEXT[state]}</Badge>
                </div>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{d.description}</p>
                {d.status && d.status.findings.length > 0 && (
                  <ul className="mt-2 space-y-0.5 text-xs text-zinc-700 dark:text-zinc-300">
                    {d.status.findings.map((f, i) => (
                      <li key={i} className="truncate">
                        <span className={DOT[f.level]}>●</span> {f.panel}:{" "}
                        {f.level === "no_data" ? (
                          <NoData labels={f.labels} since={f.since ?? null} />
                        ) : (
                          seriesName(f.labels)
                        )}
                      </li>
                    ))}
                    {d.status.finding_count > d.status.findings.length && (
                      <li className="text-muted">and {d.status.finding_count - d.status.findings.length} more</li>
                    )}
                  </ul>
                )}
                {d.status && d.status.panel_errors > 0 && (
                  <p className="mt-2 text-xs text-red-700 dark:text-red-400">
                    {d.status.panel_errors} panel(s) could not be checked
                  </p>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "eu-west: no data since 14:02" — or for over an hour. */
function NoData({ labels, since }: { labels: Record<string, string>; since: string | null }) {
  const where = Object.keys(labels).length ? `${seriesName(labels)}: ` : "";
  return (
    <>
      {where}no data{" "}
      {since ? (
        <>
          since <Time iso={since} compact />
        </>
      ) : (
        "for over an hour"
      )}
    </>
  );
}
