// The live-tail channel: each committed ingest batch announces, per org, the id range it wrote.
import "server-only";
import { z } from "zod";
import { defineChannel } from "@/lib/realtime/channel";

export const logLinesChannel = defineChannel("log_lines", z.object({ org: z.string(), min: z.number().int(), max: z.number().int() }));
