// A bar chart drawn by the browser's layout: one bar per category, its series stacked, scaled to a round top.
// No chart library and no measuring: bars are boxes with a height in per cent, so a phone draws it as cheaply as
// a small table and it fits any width. Each bar names its figures on hover; the page puts them in a table too
// (the chart is hidden from assistive technology by its caller).

import { valueAxis } from "@/lib/metrics/chart";

export interface BarSeries {
  name: string;
  color: string;
}

export interface BarDatum {
  key: string;
  /** What the axis says under the bar (thinned out when there are many). */
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
}

export function BarChart({ data, series }: { data: BarDatum[]; series: BarSeries[] }) {
  // Counts: from zero to a round top, whole ticks (at least 0, 1, 2).
  const highest = Math.max(2, ...data.map((d) => d.values.reduce((s, v) => s + v, 0)));
  const { domain, ticks } = valueAxis(0, highest, true, 2);
  const top = domain[1];
  const every = Math.max(1, Math.ceil(data.length / 8));
  const figures = (d: BarDatum) =>
    `${d.label}: ${series.length > 1 ? series.map((s, i) => `${s.name} ${d.values[i] ?? 0}`).join(", ") : (d.values[0] ?? 0)}`;
  return (
    <div className="flex h-full flex-col text-[11px] text-zinc-600 dark:text-zinc-400">
      <div className="relative min-h-0 flex-1 pl-8">
        {ticks.map((t) => (
          <div
            key={t}
            className="absolute right-0 left-8 border-t border-dashed border-zinc-200 dark:border-zinc-800"
            style={{ bottom: `${(t / top) * 100}%` }}
          >
            <span className="absolute -top-2 -left-8 w-7 text-right tabular-nums">{t}</span>
          </div>
        ))}
        <div className="relative flex h-full items-end gap-px">
          {data.map((d) => (
            <div key={d.key} title={figures(d)} className="flex h-full min-w-0 flex-1 flex-col-reverse">
              {d.values.map((v, i) =>
                v > 0 ? <div key={i} style={{ height: `${(v / top) * 100}%`, background: series[i]?.color }} /> : null,
              )}
            </div>
          ))}
        </div>
      </div>
      <div className="mt-1 flex gap-px pl-8">
        {data.map((d, i) => (
          <div key={d.key} className="min-w-0 flex-1 overflow-visible whitespace-nowrap">
            {i % every === 0 ? d.label : ""}
          </div>
        ))}
      </div>
      {series.length > 1 && (
        <div className="mt-2 flex flex-wrap justify-center gap-3">
          {series.map((s) => (
            <span key={s.name} className="flex items-center gap-1">
              <span className="inline-block size-2.5 rounded-sm" style={{ background: s.color }} />
              {s.name}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
