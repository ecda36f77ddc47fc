// The handoff channel: after each committed change to a handoff, its id and status, for both people's
// open pages on every console process.
import "server-only";
import { z } from "zod";
import { defineChannel } from "@/lib/realtime/channel";
import { HANDOFF_STATUSES } from "@/lib/vocabulary";

export const handoffChannel = defineChannel(
  "handoff_events",
  z.object({ handoff: z.string(), status: z.enum(HANDOFF_STATUSES) }),
);
