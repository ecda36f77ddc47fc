// Where the console's own spans go: a SpanExporter that hands each batch, as OTLP JSON (the encoding an
// OTLP/HTTP JSON body has: hex ids, nanosecond times as strings), to a sink — the trace store's ingest,
// where the console is a sender like any other (service ops-console) and the same sampling policy decides.
// The export runs with tracing suppressed — nothing it does (the store's statements) makes spans of its own —
// and as bulk work: its statements queue behind what people are waiting for (lib/db/priority).
import "server-only";
import { context } from "@opentelemetry/api";
import { ExportResultCode, suppressTracing, type ExportResult } from "@opentelemetry/core";
// Not in the package's index (its serializers are), and the package declares no "exports": these are the
// functions its JsonTraceSerializer calls before JSON.stringify.
import { JSON_ENCODER } from "@opentelemetry/otlp-transformer/build/src/common/utils.js";
import { createExportTraceServiceRequest } from "@opentelemetry/otlp-transformer/build/src/trace/internal.js";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-node";
import { bulk } from "@/lib/db/priority";
import { observeSelfSpans } from "./metrics";

/** The trace store's ingest as the exporter sees it (tr-core's ingestOtlpTraces with the sender bound). */
export type TraceSink = (request: {
  resourceSpans?: unknown[];
}) => Promise<{ accepted: number; rejected: number; rejectedReason?: string }>;

/**
 * A batch of spans as the OTLP JSON request a collector would be sent — built as objects by the transformer
 * JsonTraceSerializer itself uses, without the text in between (it is handed over in process).
 */
export function otlpJson(spans: ReadableSpan[]): { resourceSpans?: unknown[] } {
  return createExportTraceServiceRequest(spans, JSON_ENCODER) as { resourceSpans?: unknown[] };
}

/** Exports to `sink` (see above). */
export function storeExporter(sink: TraceSink): SpanExporter {
  return {
    export(spans, done: (r: ExportResult) => void) {
      context
        .with(suppressTracing(context.active()), () => bulk(() => sink(otlpJson(spans))))
        .then(
          () => done({ code: ExportResultCode.SUCCESS }),
          (error: unknown) =>
            done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
        );
    },
    shutdown: async () => {},
  };
}

/** Counts what `inner` exports or fails to, and frees the bounded queue's places as batches leave it. */
export function countingExporter(inner: SpanExporter, queue: { pending: number }): SpanExporter {
  return {
    export(spans, done) {
      queue.pending = Math.max(0, queue.pending - spans.length);
      inner.export(spans, (result) => {
        observeSelfSpans(result.code === ExportResultCode.SUCCESS ? "exported" : "failed", spans.length);
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
