// The shapes the ingest protocols' bodies are scanned against before they are decoded (lib/http/scan):
// the limits themselves are lib/logs/contract's, checked again per line before a batch is stored.
import {
  INGEST_MAX_LINES,
  MAX_LINE_ATTRIBUTES,
  MAX_REQUEST_ATTRIBUTES,
  MAX_STREAM_LABELS,
} from "@/lib/kinds/ingest-limits";
import type { Shape } from "@/lib/http/scan";

/** Values of any kind in one body (a backstop for fields the decoder ignores). */
const MAX_ITEMS = 2_000_000;

const attributes = { each: MAX_LINE_ATTRIBUTES, total: MAX_REQUEST_ATTRIBUTES, what: "attributes" };

/** OTLP logs, in JSON (member names) and protobuf (the same names, ./otlp's wire schema). */
export const OTLP_SHAPE: Shape = {
  maxItems: MAX_ITEMS,
  maxDepth: 64,
  counts: {
    resourceLogs: { total: INGEST_MAX_LINES, what: "resourceLogs" },
    scopeLogs: { total: INGEST_MAX_LINES, what: "scopeLogs" },
    logRecords: { total: INGEST_MAX_LINES, what: "log records" },
    attributes,
    values: { each: 4096, total: MAX_REQUEST_ATTRIBUTES, what: "array or key-value list values" },
  },
};

/** Loki push, in JSON and protobuf (./loki's wire schema). */
export const LOKI_SHAPE: Shape = {
  maxItems: MAX_ITEMS,
  maxDepth: 64,
  counts: {
    streams: { total: INGEST_MAX_LINES, what: "streams" },
    values: { total: INGEST_MAX_LINES, what: "entries" },
    entries: { total: INGEST_MAX_LINES, what: "entries" },
    stream: { each: MAX_STREAM_LABELS, what: "labels" },
    structuredMetadata: { ...attributes, what: "structured metadata fields" },
  },
};

/** OTLP traces, in JSON and protobuf (lib/traces/otlp's wire schema): events and links count as attributes do. */
export const OTLP_TRACES_SHAPE: Shape = {
  maxItems: MAX_ITEMS,
  maxDepth: 64,
  counts: {
    resourceSpans: { total: INGEST_MAX_LINES, what: "resourceSpans" },
    scopeSpans: { total: INGEST_MAX_LINES, what: "scopeSpans" },
    spans: { total: INGEST_MAX_LINES, what: "spans" },
    events: { each: 1000, total: MAX_REQUEST_ATTRIBUTES, what: "span events" },
    links: { each: 1000, total: MAX_REQUEST_ATTRIBUTES, what: "span links" },
    attributes,
    values: { each: 4096, total: MAX_REQUEST_ATTRIBUTES, what: "array or key-value list values" },
  },
};
