// A custom time range as a person types it — UTC, 24-hour, "2026-12-03 05:29" — checked before it is
// asked for, in plain words: what is wrong and what to do, never a query error after the fact.

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/;

/** "2026-12-03 05:29" (or with seconds, or ISO with Z) → epoch ms in UTC; null when it is not a real time. */
export function parseUtcInput(text: string): number | null {
  const m = UTC_INPUT.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  // 2026-02-30 or 25:00 would roll over: not a time anyone meant.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return t;
}

/** An ISO time (or a preset like "1h") shown in the picker's form: "2026-12-03 05:29"; presets show nothing. */
export function toUtcInput(v?: string): string {
  if (!v || !/^\d{4}-/.test(v)) return "";
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 16).replace("T", " ") : "";
}

const span = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} h`);

export type RangeCheck =
  { ok: true; start: string; end?: string } | { ok: false; field: "start" | "end"; message: string };

/** Checks a typed range against the view's limit; an empty end means "until now". */
export function checkRange(start: string, end: string, opts: { now: number; maxHours?: number }): RangeCheck {
  const example = "like 2026-12-03 05:29 (UTC, 24-hour)";
  const s = parseUtcInput(start);
  if (s === null) return { ok: false, field: "start", message: `Type the start as a date and time ${example}.` };
  const e = end.trim() ? parseUtcInput(end) : opts.now;
  if (e === null)
    return {
      ok: false,
      field: "end",
      message: `Type the end as a date and time ${example}, or leave it empty for now.`,
    };
  if (s >= opts.now)
    return { ok: false, field: "start", message: "The start is in the future: nothing is logged there yet." };
  if (e <= s) return { ok: false, field: "end", message: "The end is before the start: swap them." };
  if (opts.maxHours !== undefined && e - s > opts.maxHours * 3_600_000)
    return {
      ok: false,
      field: "start",
      message: `That is ${Math.ceil((e - s) / 86_400_000)} days; this view covers at most ${span(opts.maxHours)} at a time. Move the start later or the end earlier.`,
    };
  return {
    ok: true,
    start: new Date(s).toISOString(),
    end: end.trim() ? new Date(Math.min(e, opts.now)).toISOString() : undefined,
  };
}
