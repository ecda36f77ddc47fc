// The postmortem as a document: Markdown (the incident export's document with the written sections) or a
// print-friendly HTML page (the same parts, escaped, laid out for paper: no console chrome, no scripts).
import "server-only";
import { attachmentDisposition } from "@/lib/http/download";
import { documentRecords, postmortemMarkdown, type PostmortemParts } from "@/lib/incidents/export";
import { describeEntry } from "@/lib/incidents/rules";
import { formatTime } from "@/lib/time-format";
import { POSTMORTEM_SECTIONS, POSTMORTEM_SECTION_TITLES } from "@/lib/vocabulary";
import { getPostmortem } from "./index";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const utc = (iso: string | null) => (iso ? formatTime(iso, "utc") : "—");

export async function exportPostmortem(idOrRef: string, format: "markdown" | "html", baseUrl: string) {
  const view = await getPostmortem(idOrRef);
  const pm = view.postmortem;
  const { incident, entries, follow_ups, people } = await documentRecords(view.incident.id, [
    ...view.corrections.map((c) => c.author_id),
    pm?.published_by ?? null,
  ]);
  const parts: PostmortemParts = {
    status: pm?.status ?? "not started",
    version: pm?.version ?? 0,
    review_meeting_at: pm?.review_meeting_at ?? null,
    sections: pm?.sections ?? view.draft?.sections ?? {},
    changes: view.draft?.changes ?? [],
    corrections: view.corrections,
  };
  const file = `${incident.ref}-postmortem`;
  if (format === "markdown") {
    const text = postmortemMarkdown({
      incident,
      entries,
      followUps: follow_ups,
      people,
      baseUrl,
      now: Date.now(),
      postmortem: parts,
    });
    return new Response(text, {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": attachmentDisposition(`${file}.md`),
      },
    });
  }
  const who = (id: string | null) => (id ? (people.get(id) ?? id) : "—");
  const para = (s: string | undefined) =>
    s?.trim() ? `<p class="text">${esc(s)}</p>` : `<p class="empty">To be written.</p>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(incident.ref)} postmortem</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
.text{white-space:pre-wrap}.empty{color:#555;font-style:italic}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
@media print{body{margin:0;max-width:none}a{color:inherit}h2{break-after:avoid}tr{break-inside:avoid}}
</style></head><body>
<h1>${esc(incident.ref)}: ${esc(incident.title)}</h1>
<table><tbody>
<tr><th scope="row">Severity</th><td>${esc(incident.severity.toUpperCase())}</td></tr>
<tr><th scope="row">Incident commander</th><td>${esc(who(incident.commander_id))}</td></tr>
<tr><th scope="row">Declared</th><td>${esc(utc(incident.declared_at))}</td></tr>
<tr><th scope="row">Resolved</th><td>${esc(utc(incident.resolved_at))}</td></tr>
<tr><th scope="row">Postmortem</th><td>${esc(parts.status.replace("_", " "))}, version ${parts.version}</td></tr>
<tr><th scope="row">Review meeting</th><td>${esc(utc(parts.review_meeting_at))}</td></tr>
</tbody></table>
${POSTMORTEM_SECTIONS.map((s) => `<h2>${esc(POSTMORTEM_SECTION_TITLES[s])}</h2>${para(parts.sections[s])}`).join("\n")}
<h2>Action items</h2>
${
  follow_ups.length
    ? `<table><thead><tr><th scope="col">Item</th><th scope="col">Kind</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Ticket</th></tr></thead><tbody>${follow_ups
        .map(
          (f) =>
            `<tr><td>${esc(f.title)}</td><td>${esc(f.kind ?? "—")}</td><td>${esc(who(f.owner_id))}</td><td>${esc(f.due ?? "—")}</td><td>${f.status}</td><td>${f.ticket_url ? esc(f.ticket_url) : "—"}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p class="empty">None.</p>`
}
<h2>Timeline (UTC)</h2>
<table><thead><tr><th scope="col">Occurred</th><th scope="col">Author</th><th scope="col">Entry</th></tr></thead><tbody>
${entries.map((e) => `<tr><td>${esc(utc(e.occurred_at))}</td><td>${esc(who(e.author_id))}</td><td>${esc(describeEntry(e, who))}</td></tr>`).join("\n")}
</tbody></table>
${
  view.corrections.length
    ? `<h2>Corrections (after publishing)</h2><ul>${view.corrections.map((c) => `<li>${esc(utc(c.at))}, ${esc(who(c.author_id))}, ${esc(c.section.replace(/_/g, " "))}: ${esc(c.body)}</li>`).join("")}</ul>`
    : ""
}
</body></html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
