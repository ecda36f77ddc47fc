// Ingest: an agent's batch (JSON array or NDJSON) is validated line by line against its kind's entry schema
// and stored all or nothing. A bad line fails the batch with every bad line number and why. Every kind
// ingests through here, on every protocol (lib/ingest decodes OTLP and Loki into the same entries).
import "server-only";
import { db } from "@/lib/db/client";
import { orgs } from "@/lib/db/schema";
import { ApiError, errorMessage } from "@/lib/http/errors";
import { jsonDepth, MAX_JSON_DEPTH, parseJson } from "@/lib/http/body";
import { unknownFields } from "@/lib/http/unknown-fields";
import { ROOT, scanJson } from "@/lib/http/scan";
import { storable, unstorableAt } from "@/lib/text";
import { redactLine, type Counts } from "@/lib/redact";
import { env } from "@/lib/env";
import { observeRedactions } from "@/lib/telemetry/metrics";
import { publish } from "@/lib/realtime/channel";
import { builtOncePerKind, entrySchema, type Entry, type KindDecl } from "./declare";
import {
  INGEST_MAX_LINES,
  MAX_LINE_ATTRIBUTE_BYTES,
  MAX_LINE_ATTRIBUTES,
  MAX_REQUEST_STORED_BYTES,
} from "./ingest-limits";
import { channelOf, storeOf } from "./kind";
import { valueOf } from "./store";

const MAX_MESSAGE_BYTES = 256 * 1024;
const FUTURE_SLACK_MS = 24 * 3_600_000;

export interface LineError {
  line: number;
  field: string;
  message: string;
}

const tooManyEntries = (n: number) =>
  new ApiError(
    "payload_too_large",
    `A batch holds at most ${INGEST_MAX_LINES} entries; this one has ${n <= INGEST_MAX_LINES + 1 ? "more" : n}. Split it.`,
  );

/** Splits a body into [line number, value] pairs; JSON arrays count elements, NDJSON counts lines. */
export function parseBatch(
  text: string,
  contentType: string | null,
): { items: [number, unknown][]; errors: LineError[] } {
  const items: [number, unknown][] = [];
  const errors: LineError[] = [];
  const trimmed = text.trimStart();
  const ndjson = /ndjson|jsonlines|x-jsonl/i.test(contentType ?? "") || (trimmed !== "" && !trimmed.startsWith("["));
  if (!ndjson) {
    scanJson(text, {
      maxItems: 2_000_000,
      maxDepth: MAX_JSON_DEPTH,
      counts: { [ROOT]: { total: INGEST_MAX_LINES, what: "entries" } },
    });
    const parsed = parseJson(text, "body");
    if (!Array.isArray(parsed))
      throw new ApiError("validation_failed", "body: must be a JSON array of entries, or NDJSON", {
        details: { fields: [{ field: "body", message: "must be a JSON array or NDJSON" }] },
      });
    parsed.forEach((v, i) => items.push([i + 1, v]));
  } else {
    // Counted before the text is split, so a body of five million empty lines costs a scan, not five million strings.
    let count = 0;
    for (let at = 0; at < text.length;) {
      const next = text.indexOf("\n", at);
      const end = next < 0 ? text.length : next;
      if (text.slice(at, Math.min(end, at + 64)).trim() !== "" && ++count > INGEST_MAX_LINES)
        throw tooManyEntries(count);
      at = end + 1;
    }
    const lines = text.split("\n");
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      if (jsonDepth(line) > MAX_JSON_DEPTH) {
        errors.push({
          line: i + 1,
          field: "line",
          message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
        });
        return;
      }
      try {
        items.push([i + 1, JSON.parse(line)]);
      } catch (e) {
        errors.push({ line: i + 1, field: "line", message: `is not valid JSON (${errorMessage(e)})` });
      }
    });
  }
  if (items.length + errors.length > INGEST_MAX_LINES) throw tooManyEntries(items.length + errors.length);
  return { items, errors };
}

declare global {
  var __opsConsoleOrgIds: { at: number; ids: Set<string> } | undefined;
}

async function knownOrgs(): Promise<Set<string>> {
  const cached = globalThis.__opsConsoleOrgIds;
  if (cached && Date.now() - cached.at < 10_000) return cached.ids;
  const ids = new Set((await db().select({ id: orgs.id }).from(orgs)).map((r) => r.id));
  globalThis.__opsConsoleOrgIds = { at: Date.now(), ids };
  return ids;
}

/** A kind's entry schema, built once. */
const schemaOf = builtOncePerKind(entrySchema);

/** An entry's columns that name an org must name one that exists (a tenant line's org; a platform line's, when it names one). */
const orgProblems = (kind: KindDecl, e: Entry, known: Set<string>) =>
  kind.fields.flatMap((f) => {
    const org = f.org ? valueOf(e, f.key) : null;
    return org !== null && !known.has(org) ? [{ field: f.key, message: `unknown org '${org}'` }] : [];
  });

/** Validates every line; returns the entries or throws a 400 naming every bad line. */
export async function validateBatch(
  kind: KindDecl,
  items: [number, unknown][],
  parseErrors: LineError[],
  now = Date.now(),
): Promise<Checked> {
  const checked = await checkBatch(kind, items, parseErrors, now);
  if (checked.errors.length) throw invalidLines(checked.errors, items.length + parseErrors.length);
  return checked;
}

/** The 400 naming every bad line of a batch of `total`: nothing was stored. */
export function invalidLines(errors: LineError[], total: number): ApiError {
  const bad = new Set(errors.map((e) => e.line)).size;
  return new ApiError(
    "validation_failed",
    `${bad} of ${total} lines are invalid; nothing was stored. ${describeLineErrors(errors)}`,
    {
      details: { lines: errors.slice(0, 1000), invalid_lines: bad },
    },
  );
}

/** The first few problems, in words. */
export function describeLineErrors(errors: LineError[]): string {
  return `${errors
    .slice(0, 5)
    .map((e) => `line ${e.line}: ${e.field}: ${e.message}`)
    .join("; ")}${errors.length > 5 ? "; …" : ""}`;
}

export interface Checked {
  entries: Entry[];
  lines: number[];
  errors: LineError[];
  /** Secrets removed from the valid entries, by org and by what they were. */
  redacted: Map<string | null, Counts>;
}

const tooMuchStored = () =>
  new ApiError(
    "payload_too_large",
    `The batch would store more than ${MAX_REQUEST_STORED_BYTES / 1024 / 1024} MB of messages and attributes (labels and resource attributes are stored with every line); send smaller batches.`,
  );

/**
 * Checks every line: the valid entries with their line numbers, and every problem of the others. Valid
 * entries are made storable (NUL and unpaired surrogates kept visible as U+FFFD) and have their secrets
 * redacted here, before anything stores or publishes them.
 */
export async function checkBatch(
  kind: KindDecl,
  items: [number, unknown][],
  parseErrors: LineError[],
  now = Date.now(),
): Promise<Checked> {
  const errors = [...parseErrors];
  const entries: Entry[] = [];
  const schema = schemaOf(kind);
  const retentionDays = kind.retentionDays(env());
  const lines: number[] = [];
  const redacted = new Map<string | null, Counts>();
  const extra = env().LOG_REDACT_PATTERNS;
  const known = await knownOrgs();
  const oldest = now - retentionDays * 86_400_000;
  let stored = 0;
  for (const [line, value] of items) {
    const unknown = unknownFields(schema, value, "");
    for (const u of unknown) errors.push({ line, field: u.field, message: u.message });
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues)
        errors.push({ line, field: issue.path.join(".") || "entry", message: issue.message });
      continue;
    }
    if (unknown.length) continue;
    const parsed: Entry = r.data;
    const e = unstorableAt(parsed, "") === null ? parsed : storable(parsed);
    const ts = Date.parse(e.ts);
    for (const p of orgProblems(kind, e, known)) errors.push({ line, ...p });
    if (ts < oldest) errors.push({ line, field: "ts", message: `is older than the ${retentionDays}-day retention` });
    if (ts > now + FUTURE_SLACK_MS) errors.push({ line, field: "ts", message: "is more than 24 hours in the future" });
    const messageBytes = Buffer.byteLength(e.message);
    if (messageBytes > MAX_MESSAGE_BYTES)
      errors.push({ line, field: "message", message: `is larger than ${MAX_MESSAGE_BYTES} bytes` });
    const attrBytes = e.attrs ? Buffer.byteLength(JSON.stringify(e.attrs)) : 0;
    if (e.attrs && Object.keys(e.attrs).length > MAX_LINE_ATTRIBUTES)
      errors.push({ line, field: "attrs", message: `holds more than ${MAX_LINE_ATTRIBUTES} attributes` });
    else if (attrBytes > MAX_LINE_ATTRIBUTE_BYTES)
      errors.push({ line, field: "attrs", message: `are larger than ${MAX_LINE_ATTRIBUTE_BYTES / 1024} KB` });
    if (errors.at(-1)?.line === line) continue;
    stored += messageBytes + attrBytes;
    if (stored > MAX_REQUEST_STORED_BYTES) throw tooMuchStored();
    const org = valueOf(e, "org_id");
    let counts = redacted.get(org);
    if (!counts) redacted.set(org, (counts = new Map()));
    entries.push(redactLine(e, counts, extra));
    lines.push(line);
  }
  errors.sort((a, b) => a.line - b.line);
  return { entries, lines, errors, redacted };
}

/** Stores valid entries as one atomic batch and tells live tails once it is committed. */
export async function storeBatch(kind: KindDecl, entries: Entry[]): Promise<number> {
  if (!entries.length) return 0;
  // Told at commit: tails hear of a scope's batches in the order their ids were taken.
  const result = await storeOf(kind).insert(entries, (tx, batches) =>
    publish(
      channelOf(kind),
      batches.map(({ scope, min, max }) => ({ scope, min, max })),
      tx,
    ),
  );
  return result.accepted;
}

/** Parses, validates and stores one batch of `kind` in process (the demo feed), all or nothing. */
export async function ingestText(kind: KindDecl, text: string, contentType: string | null) {
  const { items, errors } = parseBatch(text, contentType);
  const checked = await validateBatch(kind, items, errors, Date.now());
  const accepted = await storeBatch(kind, checked.entries);
  observeRedactions(kind.metric, checked.redacted);
  return { accepted };
}
