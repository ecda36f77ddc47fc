// Links to a trace's waterfall. Browser-safe: every place that shows a trace id to someone who may read
// traces (a platform line, an operator's view of a tenant line, correlate, an evidence card) links here.

const TRACE_ID = /^[0-9a-f]{32}$/;

/** Whether an id can name a trace (32 lowercase hex digits): other ids get no link that would only 400. */
export const isTraceId = (id: string | null | undefined): id is string => !!id && TRACE_ID.test(id);

/** A trace's waterfall, one span selected; an evidence link also carries the span's window. */
export function traceHref(traceId: string, o: { span?: string; window?: { start: string; end: string } } = {}): string {
  const p = new URLSearchParams();
  if (o.span) p.set("span", o.span);
  if (o.window) {
    p.set("start", o.window.start);
    p.set("end", o.window.end);
  }
  const q = p.toString();
  return `/traces/${traceId}${q ? `?${q}` : ""}`;
}
