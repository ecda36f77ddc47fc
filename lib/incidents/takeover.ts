// IC takeover: a responder becomes the incident commander, with a briefing of what is known, what is
// ruled out and what customers were last told, written into the timeline.
import { returnedRow } from "@/lib/db/client";
import "server-only";
import { eq } from "drizzle-orm";
import { incidents } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { addEntry, change, notify } from "./changes";
import { incidentView, loadIncident } from "./rows";
import { incidentRef } from "./rules";
import { isOpen } from "@/lib/vocabulary";
import { type Actor } from "@/lib/auth/permissions";

export async function takeover(
  actor: Actor,
  idOrRef: string,
  b: { known: string; ruled_out: string; last_customer_update: string },
) {
  return change(async (tx) => {
    const cur = await loadIncident(idOrRef, tx, true);
    if (cur.commanderId === actor.user.id) throw new ApiError("conflict", "You are already the incident commander.");
    if (!isOpen(cur.status)) throw new ApiError("conflict", `${incidentRef(cur.number)} is resolved; reopen it first.`);
    const row = returnedRow(
      await tx
        .update(incidents)
        .set({ commanderId: actor.user.id, updatedAt: new Date() })
        .where(eq(incidents.id, cur.id))
        .returning(),
      `Taking over ${incidentRef(cur.number)}`,
    );
    const briefing = [
      `Known: ${b.known}`,
      b.ruled_out && `Ruled out: ${b.ruled_out}`,
      b.last_customer_update && `Last customer update: ${b.last_customer_update}`,
    ]
      .filter(Boolean)
      .join("\n");
    await addEntry(tx, cur.id, {
      kind: "role_change",
      body: `IC takeover by ${actor.user.name}.\n${briefing}`,
      data: { role: "commander", from: cur.commanderId, to: actor.user.id, takeover: true, briefing: b },
      authorId: actor.user.id,
    });
    notify(tx, cur.id, "incident", cur.id);
    return { incident: await incidentView(row, tx) };
  });
}
