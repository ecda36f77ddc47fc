// The incident channel: after each committed change, which incident, what (an entry or the incident
// itself) and its id, for live viewers on every console process.
import "server-only";
import { z } from "zod";
import { defineChannel } from "@/lib/realtime/channel";

export const incidentChannel = defineChannel(
  "incident_events",
  z.object({ incident: z.string(), type: z.enum(["entry", "incident"]), id: z.string() }),
);
export type IncidentNotice = z.infer<typeof incidentChannel.payload>;
