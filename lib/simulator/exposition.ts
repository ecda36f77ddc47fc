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

/** The series grouped by family, in the model's order (exposition formats want each family together). */
function byFamily(p: Platform): Map<string, { first: Series; list: Series[] }> {
  const families = new Map<string, { first: Series; list: Series[] }>();
  for (const s of p.series) {
    const family = families.get(s.family);
    if (family) family.list.push(s);
    else families.set(s.family, { first: s, list: [s] });
  }
  return families;
}

/** `{k="v",…}` with values escaped; nothing for no labels. */
function labelText(labels: [string, string][]): string {
  return labels.length ? `{${labels.map(([k, v]) => `${k}="${escape(v)}"`).join(",")}}` : "";
}

export function exposition(p: Platform, origin: number, now: number): string {
  const out: string[] = [];
  for (const [family, { first, list }] of byFamily(p)) {
    out.push(`# HELP ${family}${first.familyType === "counter" ? "_total" : ""} ${first.help}`);
    out.push(`# TYPE ${family}${first.familyType === "counter" ? "_total" : ""} ${first.familyType}`);
    for (const s of list) {
      if (p.silent(s, now)) continue; // gone from the scrape: Prometheus marks it stale
      const value = s.counter ? p.increase(s, origin, now) : p.value(s, now);
      out.push(`${s.metric}${labelText(Object.entries(s.labels))} ${format(value)}`);
    }
  }
  return out.join("\n") + "\n";
}

/** History is written a sample each whole minute. */
export const HISTORY_STEP_MS = 60_000;

/** `seconds` of history in whole minutes, ending the minute before `now` (where a scrape starting now takes over). */
export function historyWindow(now: number, seconds: number): { from: number; to: number } {
  const to = Math.floor(now / HISTORY_STEP_MS) * HISTORY_STEP_MS - HISTORY_STEP_MS;
  return { from: to - seconds * 1000, to };
}

/**
 * The platform's history over `w`, a sample each minute, in OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics` — a Prometheus with days of history to read. Each family's
 * samples are contiguous and each series' samples in time order; counters count from `w.from`.
 */
export function* openMetricsHistory(
  p: Platform,
  w: { from: number; to: number },
  extraLabels: Record<string, string> = {},
): Generator<string> {
  const extra = Object.entries(extraLabels);
  for (const [family, { first, list }] of byFamily(p)) {
    yield `# HELP ${family} ${first.help}\n# TYPE ${family} ${first.familyType}\n`;
    for (const s of list) {
      const name = `${s.metric}${labelText([...extra, ...Object.entries(s.labels)])}`;
      const lines: string[] = [];
      for (let t = w.from; t <= w.to; t += HISTORY_STEP_MS) {
        if (p.silent(s, t)) continue;
        const value = s.counter ? p.increase(s, w.from, t) : p.value(s, t);
        lines.push(`${name} ${format(value)} ${t / 1000}`);
      }
      yield lines.join("\n") + "\n";
    }
  }
  yield "# EOF\n";
}
