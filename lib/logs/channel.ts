// The live-tail channel of tenant logs: each committed ingest batch announces, per org (its scope), the id
// range it wrote.
import "server-only";
import { z } from "zod";
import { defineChannel } from "@/lib/realtime/channel";

export const batchNotice = z.object({ scope: z.string().nullable(), min: z.number().int(), max: z.number().int() });

export const logLinesChannel = defineChannel("log_lines", batchNotice);
