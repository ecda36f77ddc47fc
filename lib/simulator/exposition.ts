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
