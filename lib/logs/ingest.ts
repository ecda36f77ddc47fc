// Ingest: an agent's batch (JSON array or NDJSON) is validated line by line and stored all or nothing.
// A bad line fails the batch with every bad line number and why. Every kind of log (tenant, platform)
// ingests through here with its own rules.
import "server-only";
import { db } from "@/lib/db/client";
import { orgs } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { jsonDepth, MAX_JSON_DEPTH, parseJson } from "@/lib/http/body";
import { unknownFields } from "@/lib/http/unknown-fields";
import { scrubNul } from "@/lib/text";
import { INGEST_MAX_LINES, logEntrySchema, type LogEntry } from "./contract";
import { logLimits } from "./limits";
import { logStore } from "./store";
import { logLinesChannel } from "./channel";
import type { BatchRange, IngestResult } from "./partitioned";
import type { SQL } from "drizzle-orm";

/** What storing a batch needs of a store: an atomic insert that can notify at its commit. */
type BatchStore<E> = { insert(entries: E[], inCommit?: (tx: { execute(query: SQL): Promise<unknown> }, batches: BatchRange[]) => Promise<void>): Promise<IngestResult> };
import type { BatchNotice } from "./reader";
import { publish, type Channel } from "@/lib/realtime/channel";
import type { z } from "zod";

const MAX_MESSAGE_BYTES = 256 * 1024;
const FUTURE_SLACK_MS = 24 * 3_600_000;

export interface LineError {
  line: number;
  field: string;
  message: string;
}

/** Splits a body into [line number, value] pairs; JSON arrays count elements, NDJSON counts lines. */
export function parseBatch(text: string, contentType: string | null): { items: [number, unknown][]; errors: LineError[] } {
  const items: [number, unknown][] = [];
  const errors: LineError[] = [];
  const trimmed = text.trimStart();
  const ndjson = /ndjson|jsonlines|x-jsonl/i.test(contentType ?? "") || (trimmed !== "" && !trimmed.startsWith("["));
  if (!ndjson) {
    const parsed = parseJson(text, "body");
    if (!Array.isArray(parsed)) throw new ApiError("validation_failed", "body: must be a JSON array of entries, or NDJSON", { details: { fields: [{ field: "body", message: "must be a JSON array or NDJSON" }] } });
    parsed.forEach((v, i) => items.push([i + 1, v]));
  } else {
    const lines = text.split("\n");
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      if (jsonDepth(line) > MAX_JSON_DEPTH) {
        errors.push({ line: i + 1, field: "line", message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` });
        return;
      }
      try {
        items.push([i + 1, JSON.parse(line)]);
      } catch (e) {
        errors.push({ line: i + 1, field: "line", message: `is not valid JSON (${(e as Error).message})` });
      }
    });
  }
  if (items.length + errors.length > INGEST_MAX_LINES) {
    throw new ApiError("payload_too_large", `A batch holds at most ${INGEST_MAX_LINES} entries; this one has ${items.length + errors.length}. Split it.`);
  }
  return { items, errors };
}

const g = globalThis as unknown as { __opsConsoleOrgIds?: { at: number; ids: Set<string> } };

async function knownOrgs(): Promise<Set<string>> {
  const cached = g.__opsConsoleOrgIds;
  if (cached && Date.now() - cached.at < 10_000) return cached.ids;
  const ids = new Set((await db().select({ id: orgs.id }).from(orgs)).map((r) => r.id));
  g.__opsConsoleOrgIds = { at: Date.now(), ids };
  return ids;
}

/** What a kind of log asks of each line of a batch, beyond its schema. */
export interface BatchRules<E extends { ts: string; message: string }> {
  schema: z.ZodType<E>;
  retentionDays: number;
  /** Problems with one valid-shaped entry, given the orgs that exist. */
  check(e: E, knownOrgs: Set<string>): { field: string; message: string }[];
}

/** Validates every line; returns the entries or throws a 400 naming every bad line. */
export async function validateBatch<E extends { ts: string; message: string }>(rules: BatchRules<E>, items: [number, unknown][], parseErrors: LineError[], now = Date.now(), mayHoldNul = true): Promise<E[]> {
  const { entries, errors } = await checkBatch(rules, items, parseErrors, now, mayHoldNul);
  if (errors.length) throw invalidLines(errors, items.length + parseErrors.length);
  return entries;
}

/** The 400 naming every bad line of a batch of `total`: nothing was stored. */
export function invalidLines(errors: LineError[], total: number): ApiError {
  const bad = new Set(errors.map((e) => e.line)).size;
  return new ApiError("validation_failed", `${bad} of ${total} lines are invalid; nothing was stored. ${describeLineErrors(errors)}`, {
    details: { lines: errors.slice(0, 1000), invalid_lines: bad },
  });
}

/** The first few problems, in words. */
export function describeLineErrors(errors: LineError[]): string {
  return `${errors.slice(0, 5).map((e) => `line ${e.line}: ${e.field}: ${e.message}`).join("; ")}${errors.length > 5 ? "; …" : ""}`;
}

/** Checks every line: the valid entries with their line numbers, and every problem of the others. */
export async function checkBatch<E extends { ts: string; message: string }>(rules: BatchRules<E>, items: [number, unknown][], parseErrors: LineError[], now = Date.now(), mayHoldNul = true): Promise<{ entries: E[]; lines: number[]; errors: LineError[] }> {
  const errors = [...parseErrors];
  const entries: E[] = [];
  const lines: number[] = [];
  const known = await knownOrgs();
  const oldest = now - rules.retentionDays * 86_400_000;
  for (const [line, value] of items) {
    const unknown = unknownFields(rules.schema, value, "");
    for (const u of unknown) errors.push({ line, field: u.field, message: u.message });
    const r = rules.schema.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push({ line, field: issue.path.join(".") || "entry", message: issue.message });
      continue;
    }
    if (unknown.length) continue;
    // Postgres text cannot hold NUL; agents' binary junk is kept visible as U+FFFD instead.
    const e = mayHoldNul ? scrubNul(r.data) : r.data;
    const ts = Date.parse(e.ts);
    for (const p of rules.check(e, known)) errors.push({ line, ...p });
    if (ts < oldest) errors.push({ line, field: "ts", message: `is older than the ${rules.retentionDays}-day retention` });
    if (ts > now + FUTURE_SLACK_MS) errors.push({ line, field: "ts", message: "is more than 24 hours in the future" });
    if (Buffer.byteLength(e.message) > MAX_MESSAGE_BYTES) errors.push({ line, field: "message", message: `is larger than ${MAX_MESSAGE_BYTES} bytes` });
    if (errors.length && errors[errors.length - 1]!.line === line) continue;
    entries.push(e);
    lines.push(line);
  }
  errors.sort((a, b) => a.line - b.line);
  return { entries, lines, errors };
}

/** Parses, validates and stores one batch, all or nothing, and tells live tails once it is committed. */
export async function ingestBatch<E extends { ts: string; message: string }>(
  rules: BatchRules<E>,
  store: BatchStore<E>,
  channel: Channel<BatchNotice>,
  text: string,
  contentType: string | null,
) {
  const { items, errors } = parseBatch(text, contentType);
  // JSON spells a NUL character \u0000, so a body without that text has none to scrub.
  const entries = await validateBatch(rules, items, errors, Date.now(), text.includes("\\u0000"));
  return { accepted: await storeBatch(store, channel, entries) };
}

/** Stores valid entries as one atomic batch and tells live tails once it is committed. */
export async function storeBatch<E>(store: BatchStore<E>, channel: Channel<BatchNotice>, entries: E[]): Promise<number> {
  if (!entries.length) return 0;
  // Told at commit: tails hear of a scope's batches in the order their ids were taken.
  const result = await store.insert(entries, (tx, batches) => publish(channel, batches.map(({ scope, min, max }) => ({ scope, min, max })), tx));
  return result.accepted;
}

export const tenantBatch: BatchRules<LogEntry> = {
  schema: logEntrySchema,
  get retentionDays() {
    return logLimits().retention_days;
  },
  check: (e, known) => (known.has(e.org_id) ? [] : [{ field: "org_id", message: `unknown org '${e.org_id}'` }]),
};

export function ingestLogs(text: string, contentType: string | null) {
  return ingestBatch(tenantBatch, logStore(), logLinesChannel, text, contentType);
}
