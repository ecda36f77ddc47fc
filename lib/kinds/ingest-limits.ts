// What one ingest request may hold, on every protocol and for every kind: counted while the body is
// decoded (lib/http/scan.ts), before any work is done on it. Browser-safe.

export const INGEST_MAX_LINES = 10_000;
export const INGEST_MAX_BYTES = 5 * 1024 * 1024;
/** Attributes (OTLP) or labels and metadata (Loki) one record, resource, scope or stream may carry, and one line keeps. */
export const MAX_LINE_ATTRIBUTES = 256;
/** Loki stream labels: Loki itself allows 15 by default. */
export const MAX_STREAM_LABELS = 64;
/** A line's attributes as stored (JSON), at most. */
export const MAX_LINE_ATTRIBUTE_BYTES = 64 * 1024;
/** Attributes in one request, all records together. */
export const MAX_REQUEST_ATTRIBUTES = 200_000;
/** What one request may store, messages and attributes of every line: labels copied into every line count each time. */
export const MAX_REQUEST_STORED_BYTES = 64 * 1024 * 1024;
