// What a piece of evidence is, read from its console link: which view, of what, and the exact window it
// opens. Browser-safe: the timeline's evidence card and the postmortem export read links the same way.
// Each view names its window its own way — logs `start`/`end`, dashboards and changes `from`/`to`.

export interface EvidenceView {
  /** "Logs of acme matching “timeout”", "Dashboard edge", "Changes to edge in eu-west", … */
  what: string;
  /** The window, as the link carries it; null when the link has none. */
  window: { from: string; to: string | null } | null;
  /** The request or trace the link follows, if any. */
  follows: string | null;
}

const WINDOW_PARAMS: [RegExp, string, string][] = [
  [/^\/orgs\/[^/]+\/logs/, "start", "end"],
  [/^\/platform\/logs/, "start", "end"],
  [/^\/correlate/, "start", "end"],
  [/^\/traces\/[0-9a-f]+/, "start", "end"],
  [/^\/dashboards\//, "from", "to"],
  [/^\/changes/, "from", "to"],
];

const list = (u: URL, key: string) => u.searchParams.getAll(key).join(", ");

export function describeEvidence(url: string): EvidenceView {
  let u: URL;
  try {
    u = new URL(url, "http://console");
  } catch {
    return { what: url, window: null, follows: null };
  }
  const path = u.pathname;
  const q = u.searchParams.get("q");
  const matching = q ? ` matching “${q}”` : "";
  const inRegions = list(u, "region") ? ` in ${list(u, "region")}` : "";
  let what = url;
  const org = /^\/orgs\/([^/]+)\/logs/.exec(path)?.[1];
  if (org) what = `Logs of ${decodeURIComponent(org)}${matching}`;
  else if (path.startsWith("/platform/logs"))
    what = `Platform logs${list(u, "component") ? ` of ${list(u, "component")}` : ""}${inRegions}${u.searchParams.get("level") ? `, ${u.searchParams.get("level")} and worse` : ""}${matching}`;
  else if (path.startsWith("/dashboards/"))
    what = `Dashboard ${path.split("/")[2]}${u.searchParams.get("panel") ? ` · ${u.searchParams.get("panel")}` : ""}${u.searchParams.get("region") ? ` in ${u.searchParams.get("region")}` : ""}`;
  else if (path.startsWith("/changes"))
    what = `Changes${list(u, "service") ? ` to ${list(u, "service")}` : ""}${inRegions}`;
  else if (path.startsWith("/correlate"))
    what = `The path of ${u.searchParams.get("request_id") ? `request ${u.searchParams.get("request_id")}` : `trace ${u.searchParams.get("trace_id") ?? "?"}`}`;
  const trace = /^\/traces\/([0-9a-f]+)$/.exec(path)?.[1];
  if (trace) {
    const span = u.searchParams.get("span");
    what = span ? `Span ${span} of trace ${trace}` : `Trace ${trace}`;
  }
  const spec = WINDOW_PARAMS.find(([re]) => re.test(path));
  const from = spec ? u.searchParams.get(spec[1]) : null;
  const follows = path.startsWith("/correlate")
    ? (u.searchParams.get("request_id") ?? u.searchParams.get("trace_id"))
    : (trace ?? null);
  return { what, window: spec && from ? { from, to: u.searchParams.get(spec[2]) } : null, follows };
}

/** "2026-11-27T12:00:00Z → 2026-11-27T13:00:00Z", or "→ now" for an open end; relative windows as given. */
export function windowText(w: EvidenceView["window"]): string {
  if (!w) return "";
  return `${w.from} → ${w.to ?? "now"}`;
}
