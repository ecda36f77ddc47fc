// Ingesting platform log lines: the same parsing, validation, atomic batch and live-tail notice as
// tenant logs (lib/logs/ingest.ts), with the platform line's own rules.
import "server-only";
import { ingestBatch, type BatchRules } from "@/lib/logs/ingest";
import { platformLogLimits } from "@/lib/logs/limits";
import { platformLogEntrySchema, type PlatformLogEntry } from "./contract";
import { platformLogChannel } from "./service";
import { platformLogStore } from "./store";

export const platformBatch: BatchRules<PlatformLogEntry> = {
  kind: "platform",
  schema: platformLogEntrySchema,
  get retentionDays() {
    return platformLogLimits().retention_days;
  },
  // A line may name an org (a request it served); when it does, the org must exist.
  check: (e, known) => (e.org_id && !known.has(e.org_id) ? [{ field: "org_id", message: `unknown org '${e.org_id}'` }] : []),
};

export function ingestPlatformLogs(text: string, contentType: string | null) {
  return ingestBatch(platformBatch, platformLogStore(), platformLogChannel, text, contentType);
}
