// Live incident events over SSE: every committed timeline entry and incident change, to every viewer
// on every console process sharing the database. A notice (LISTEN/NOTIFY) only wakes the stream: what
// it sends is read from the database — every entry after the last one it sent, and those recorded in
// the last OVERLAP_SECONDS it has not sent (a transaction that took its id earlier may commit later) —
// so a lost or late notice loses nothing, and the stream also wakes every CATCH_UP_MS on its own.
// A viewer that connects gets the recent entries again after `ready` (and reconciles by refetching);
// one that resumes with Last-Event-ID gets everything after it.
import "server-only";
import { interactive } from "@/lib/db/priority";
import { sseResponse, type Viewer } from "@/lib/realtime/sse";
import { incidentChannel } from "./channel";
import { incidentView, loadIncident } from "./rows";
import { entriesSince } from "./timeline";
import { logError } from "@/lib/http/errors";

export const CATCH_UP_MS = 2000;
const OVERLAP_SECONDS = 60;
/** Every this many catch-ups without a notice, the incident itself is read again too. */
const INCIDENT_EVERY = 5;

export async function incidentEvents(viewer: Viewer, idOrRef: string): Promise<Response> {
  const inc = await loadIncident(idOrRef);
  const resume = viewer.lastEventId && /^\d{1,18}$/.test(viewer.lastEventId) ? Number(viewer.lastEventId) : null;
  let tick: ReturnType<typeof setInterval> | undefined;
  return sseResponse(
    async (ch) => {
      const sent = new Set<number>();
      let cursor = resume;
      let incidentSent = "";
      let ticks = 0;
      const readEntries = async () => {
        for (const e of await entriesSince(inc.id, cursor, OVERLAP_SECONDS)) {
          const id = Number(e.id);
          if (sent.has(id)) continue;
          sent.add(id);
          cursor = Math.max(cursor ?? 0, id);
          ch.send("entry", e, e.id);
        }
      };
      const readIncident = async () => {
        const view = await incidentView(await loadIncident(inc.id));
        const text = JSON.stringify(view);
        if (text !== incidentSent) ch.send("incident", view);
        incidentSent = text;
      };
      // One reader at a time; a wake-up while it reads makes it read once more after.
      let reading: Promise<void> | null = null;
      let again = { entries: false, incident: false };
      const wake = (what: { entries?: boolean; incident?: boolean }) => {
        again = { entries: again.entries || !!what.entries, incident: again.incident || !!what.incident };
        reading ??= interactive(async () => {
          while (!ch.closed && (again.entries || again.incident)) {
            const now = again;
            again = { entries: false, incident: false };
            if (now.entries) await readEntries();
            if (now.incident) await readIncident();
          }
        })
          .catch((e) => logError("incident event delivery failed", e))
          .finally(() => (reading = null));
      };
      const listening = await ch.listen(incidentChannel, (msg) => {
        if (msg.incident !== inc.id) return;
        ticks = 0;
        wake(msg.type === "entry" ? { entries: true } : { incident: true });
      });
      if (!listening) return; // the viewer left while we subscribed
      ch.send("ready", { incident: inc.id });
      wake({ entries: true, incident: true });
      tick = setInterval(() => {
        if (ch.closed) return clearInterval(tick);
        wake({ entries: true, incident: ++ticks % INCIDENT_EVERY === 0 });
      }, CATCH_UP_MS);
    },
    { signal: viewer.signal, onClose: () => clearInterval(tick) },
  );
}
