// The shape of a span store, whatever the engine (./store on Postgres/PGlite, ./clickhouse): its own module
// so that each engine's store depends on it and not on the other.
import type { Tx } from "@/lib/db/client";
import type { Window } from "@/lib/kinds/store";
import type { Span } from "./contract";

/** What a search matches spans by; a trace matches when one of its spans does (status ok: none failed). */
export interface SpanFilter {
  service?: string;
  operation?: string;
  status?: "error" | "ok";
  minDurationMs?: number;
  region?: string;
  org?: string;
}

/** Where a search page starts: after this (newest matching span time, trace id). */
export interface SearchAfter {
  ts: string;
  traceId: string;
}

/** One span's part in a search result's summary. */
export interface SummarySpan {
  trace_id: string;
  start_ms: number;
  duration_ms: number;
  service: string;
  name: string;
  status: string;
  root: boolean;
}

export interface SpanStore {
  /** Readies the store for spans starting at these times (their day partitions), outside any transaction. */
  prepare(starts: string[]): Promise<void>;
  /** Stores spans (a span stored twice is kept once). On Postgres, in `tx` when given (prepared first). */
  insert(spans: Span[], tx?: Tx): Promise<void>;
  /** A trace's spans by start time, at most `max`. */
  trace(traceId: string, max: number): Promise<Span[]>;
  /** Trace ids whose spans match in the window, by their newest matching span, newest first. */
  search(
    f: SpanFilter,
    w: Window,
    after: SearchAfter | null,
    limit: number,
  ): Promise<{ trace_id: string; at: string }[]>;
  /** The spans of these traces, for their summaries. */
  summaries(traceIds: string[]): Promise<SummarySpan[]>;
  services(w: Window): Promise<{ service: string; operations: string[] }[]>;
  dependencies(w: Window): Promise<{ parent: string; child: string; calls: number; errors: number }[]>;
  dropBefore(day: Date): Promise<string[]>;
}
