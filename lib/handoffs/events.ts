// Live changes to one handoff over SSE, to both people's pages on every console process.
import "server-only";
import { sseResponse, type Viewer } from "@/lib/realtime/sse";
import { handoffChannel } from "./channel";
import { load } from "./rows";

/** Live changes to one handoff over SSE: `changed` with its status after every committed write. */
export async function handoffEvents(viewer: Viewer, id: string): Promise<Response> {
  await load(id);
  return sseResponse(
    async (ch) => {
      const listening = await ch.listen(handoffChannel, (msg) => {
        if (msg.handoff === id) ch.send("changed", msg);
      });
      if (listening) ch.send("ready", { handoff: id });
    },
    { signal: viewer.signal },
  );
}
