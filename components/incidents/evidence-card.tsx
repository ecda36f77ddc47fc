// A pasted console link as a card naming what it shows and its exact time range.
export function EvidenceCard({ url }: { url: string }) {
  let what = url;
  let range = "";
  try {
    const u = new URL(url, "http://console");
    const start = u.searchParams.get("start");
    const end = u.searchParams.get("end");
    const logs = /^\/orgs\/([^/]+)\/logs/.exec(u.pathname);
    if (logs) what = `Logs of ${logs[1]}${u.searchParams.get("q") ? ` matching “${u.searchParams.get("q")}”` : ""}`;
    else if (u.pathname.startsWith("/dashboards/")) what = `Dashboard ${u.pathname.split("/")[2]}${u.searchParams.get("panel") ? ` · ${u.searchParams.get("panel")}` : ""}`;
    if (start) range = `${start}${end ? ` → ${end}` : " → now"}`;
  } catch {
    // not a URL: show it as given
  }
  return (
    <a href={url} className="mt-1 block rounded-md border border-zinc-200 px-3 py-2 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" target="_blank" rel="noreferrer">
      <span className="block text-sm font-medium break-all">{what}</span>
      {range && <span className="block font-mono text-xs text-zinc-500">{range}</span>}
    </a>
  );
}
