// Links into the correlated view of one request or trace. Browser-safe: every place that shows a request
// or trace id (a platform line, a tenant line, an evidence card) builds its link here.

/** Either side of the moment an id was seen, the correlated view looks this far. */
export const CORRELATE_MARGIN_MS = 60 * 60_000;

/**
 * The correlated view of a request or trace: around the moment it was seen (`at`, never past `now`: a
 * window does not end in the future), or over an exact window (a pinned path's own seconds).
 */
export function correlateHref(
  id: { request_id: string } | { trace_id: string },
  at?: string | number | { start: string; end: string },
  now = Date.now(),
): string {
  const p = new URLSearchParams("request_id" in id ? { request_id: id.request_id } : { trace_id: id.trace_id });
  if (typeof at === "object") {
    p.set("start", at.start);
    p.set("end", at.end);
    return `/correlate?${p}`;
  }
  const t = at === undefined ? NaN : typeof at === "number" ? at : Date.parse(at);
  if (Number.isFinite(t)) {
    p.set("start", new Date(t - CORRELATE_MARGIN_MS).toISOString());
    p.set("end", new Date(Math.max(Math.min(t + CORRELATE_MARGIN_MS, now), t)).toISOString());
  }
  return `/correlate?${p}`;
}
