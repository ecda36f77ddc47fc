// Prometheus text exposition (format 0.0.4) of the simulated platform at an instant. Counters count
// from `origin` (the simulator process's start), like a real process's counters.
import type { Platform, Series } from "./model";

function escape(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function format(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export function exposition(p: Platform, origin: number, now: number): string {
  const families = new Map<string, Series[]>();
  for (const s of p.series) {
    const list = families.get(s.family) ?? [];
    list.push(s);
    families.set(s.family, list);
  }
  const out: string[] = [];
  for (const [family, list] of families) {
    out.push(`# HELP ${family}${list[0]!.familyType === "counter" ? "_total" : ""} ${list[0]!.help}`);
    out.push(`# TYPE ${family}${list[0]!.familyType === "counter" ? "_total" : ""} ${list[0]!.familyType}`);
    for (const s of list) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(",");
      const value = s.counter ? p.increase(s, origin, now) : p.value(s, now);
      out.push(`${s.metric}${labels ? `{${labels}}` : ""} ${format(value)}`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * The platform's history from `from` to `to` every `stepMs` in OpenMetrics text, for
 * `promtool tsdb create-blocks-from openmetrics` — a Prometheus with days of history to read. Each family's
 * samples are contiguous and each series' samples in time order; counters count from `from`.
 */
export function* openMetricsHistory(p: Platform, from: number, to: number, stepMs: number, extraLabels: Record<string, string> = {}): Generator<string> {
  const families = new Map<string, Series[]>();
  for (const s of p.series) families.set(s.family, [...(families.get(s.family) ?? []), s]);
  const extra = Object.entries(extraLabels);
  for (const [family, list] of families) {
    yield `# HELP ${family} ${list[0]!.help}\n# TYPE ${family} ${list[0]!.familyType}\n`;
    for (const s of list) {
      const labels = [...extra, ...Object.entries(s.labels)].map(([k, v]) => `${k}="${escape(v)}"`).join(",");
      const name = `${s.metric}${labels ? `{${labels}}` : ""}`;
      const lines: string[] = [];
      for (let t = from; t <= to; t += stepMs) {
        const value = s.counter ? p.increase(s, from, t) : p.value(s, t);
        lines.push(`${name} ${format(value)} ${t / 1000}`);
      }
      yield lines.join("\n") + "\n";
    }
  }
  yield "# EOF\n";
}
