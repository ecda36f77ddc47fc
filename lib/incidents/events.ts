// Live incident events over SSE: every committed timeline entry and incident change, to every viewer
// on every console process sharing the database (LISTEN/NOTIFY). Resumes from Last-Event-ID.
import "server-only";
import { sseResponse, type Viewer } from "@/lib/realtime/sse";
import { incidentChannel } from "./channel";
import { incidentView, loadIncident } from "./rows";
import { entriesAfter, entryById } from "./timeline";
import { logError } from "@/lib/http/errors";

export async function incidentEvents(viewer: Viewer, idOrRef: string): Promise<Response> {
  const inc = await loadIncident(idOrRef);
  const resume = viewer.lastEventId;
  return sseResponse(
    async (ch) => {
      let queue = Promise.resolve();
      const sent = new Set<string>();
      const sendEntry = (e: Awaited<ReturnType<typeof entryById>>) => {
        if (!e || sent.has(e.id)) return;
        sent.add(e.id);
        ch.send("entry", e, e.id);
      };
      const listening = await ch.listen(incidentChannel, (msg) => {
        if (msg.incident !== inc.id) return;
        queue = queue
          .then(async () => {
            if (msg.type === "entry") sendEntry(await entryById(inc.id, msg.id));
            else ch.send("incident", await incidentView(await loadIncident(inc.id)));
          })
          .catch((e) => logError("incident event delivery failed", e));
      });
      if (!listening) return; // the viewer left while we subscribed
      ch.send("ready", { incident: inc.id });
      if (resume && /^\d{1,18}$/.test(resume)) {
        queue = queue.then(async () => (await entriesAfter(inc.id, Number(resume))).forEach(sendEntry));
      }
    },
    { signal: viewer.signal },
  );
}
