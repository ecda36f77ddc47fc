"use client";

// A table panel: one row per series, worst first, the first 12 until asked for all.
import { useMemo, useState } from "react";
import type { DashboardPanel } from "@/lib/metrics/contract";
import { Badge } from "@/components/ui/badge";
import { Cell, HeadCell, Row, Table, THead } from "@/components/ui/table";
import { formatValue, LEVEL_TEXT, LEVEL_TONE, levelFor } from "./format";

export function PanelTable({ panel }: { panel: DashboardPanel }) {
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    const list = panel.series.map((s) => ({ labels: s.labels, v: s.points[0]?.[1] ?? null }));
    const dir = panel.thresholds?.direction === "below" ? 1 : -1;
    return list.sort((a, b) => dir * ((a.v ?? 0) - (b.v ?? 0)));
  }, [panel]);
  const keys = Object.keys(rows[0]?.labels ?? {});
  const shown = all ? rows : rows.slice(0, 12);
  return (
    <div className="overflow-x-auto">
      <Table density="tight">
        <THead>
          {keys.map((k) => (
            <HeadCell key={k}>{k}</HeadCell>
          ))}
          <HeadCell className="text-right">value</HeadCell>
        </THead>
        <tbody>
          {shown.map((r) => {
            const level = levelFor(r.v, panel.thresholds);
            return (
              <Row key={JSON.stringify(r.labels)}>
                {keys.map((k) => (
                  <Cell key={k} className="max-w-64 truncate font-mono text-xs" title={r.labels[k]}>
                    {r.labels[k]}
                  </Cell>
                ))}
                <Cell className="text-right tabular-nums">
                  {level !== "ok" && (
                    <span className="mr-2">
                      <Badge tone={LEVEL_TONE[level]}>{LEVEL_TEXT[level]}</Badge>
                    </span>
                  )}
                  {formatValue(r.v, panel.unit)}
                </Cell>
              </Row>
            );
          })}
        </tbody>
      </Table>
      {rows.length > 12 && (
        <button
          type="button"
          className="mt-2 text-xs text-indigo-700 hover:underline dark:text-indigo-400"
          onClick={() => setAll(!all)}
        >
          {all ? "Show the worst 12" : `Show all ${rows.length}`}
        </button>
      )}
    </div>
  );
}
