// The one way a time reads, in the browser and in exports alike (browser-safe): 24-hour, ISO-ordered,
// "2026-12-03 14:05:09 UTC" — never AM/PM, whatever the locale.

export type TimeMode = "utc" | "local";

const pad = (n: number) => String(n).padStart(2, "0");

/** 2026-11-22 22:55:40 UTC, or in local time; `compact` drops seconds and the zone (shown in the header). */
export function formatTime(iso: string, mode: TimeMode, compact = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const utc = mode === "utc";
  const parts: [number, number, number, number, number, number] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const [y, mo, da, h, mi, se] = parts;
  const date = `${y}-${pad(mo)}-${pad(da)}`;
  if (compact) return `${date} ${pad(h)}:${pad(mi)}`;
  return `${date} ${pad(h)}:${pad(mi)}:${pad(se)}${utc ? " UTC" : ""}`;
}
