// The OpenTelemetry SDK for the console's own spans, started once per process where the server starts
// (instrumentation.ts): a NodeTracerProvider (AsyncLocalStorage context, W3C trace context), a bounded
// batch queue, and the export — to the console's own trace store by default, to the collector that
// OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT names when set, nowhere with OTEL_SDK_DISABLED=true.
//
// Every span is kept here (parent-based, always on): which traces are kept is the trace store's sampling
// policy, the same for the console as for any sender. Two exceptions: Next.js's own spans (they carry raw
// URLs with their query strings, and withApi's span says the same without them) are not recorded, and a
// span that finds the export queue full is dropped and counted (ops_console_self_trace_spans_total{outcome="dropped"}):
// tracing never makes a request wait.
import "server-only";
import os from "node:os";
import {
  context,
  propagation,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type SpanKind,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SamplingDecision,
  type ReadableSpan,
  type Sampler,
  type SamplingResult,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import { env } from "@/lib/env";
import { observeSelfSpans } from "./metrics";
import { countingExporter, storeExporter, type TraceSink } from "./trace-export";

export const SERVICE_NAME = "ops-console";
const MAX_QUEUE = 2048;

/** Parent-based and always on, except for Next.js's own spans (see above). */
class ConsoleSampler implements Sampler {
  private readonly inner = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  shouldSample(
    ctx: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (attributes["next.span_category"] !== undefined) return { decision: SamplingDecision.NOT_RECORD };
    return this.inner.shouldSample(ctx, traceId, name, kind, attributes, links);
  }
  toString() {
    return "ConsoleSampler{parent-based, always on; Next.js's own spans not recorded}";
  }
}

/** The batch processor behind a queue of at most MAX_QUEUE spans: past it a span is dropped and counted. */
class BoundedProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly queue: { pending: number },
  ) {}
  onStart(span: Span, parent: Context) {
    this.inner.onStart(span, parent);
  }
  onEnd(span: ReadableSpan) {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.pending >= MAX_QUEUE) {
      observeSelfSpans("dropped", 1);
      return;
    }
    this.queue.pending++;
    this.inner.onEnd(span);
  }
  forceFlush() {
    return this.inner.forceFlush();
  }
  shutdown() {
    return this.inner.shutdown();
  }
}

export interface Tracing {
  provider: NodeTracerProvider;
  /** Where the spans go: "store", "otlp" or "custom" (a test's exporter). */
  destination: "store" | "otlp" | "custom";
  shutdown(): Promise<void>;
}

declare global {
  var __opsConsoleTracing: Tracing | undefined;
}

/**
 * Starts the SDK for this process (once; later calls return the first). `exporter` replaces the default
 * export (tests); `sink` is the trace store's ingest. Returns undefined with OTEL_SDK_DISABLED=true: the
 * API then stays a no-op and the hooks cost next to nothing.
 */
export function startTracing(opts: { exporter?: SpanExporter; sink?: TraceSink } = {}): Tracing | undefined {
  if (globalThis.__opsConsoleTracing) return globalThis.__opsConsoleTracing;
  const e = env();
  if (e.OTEL_SDK_DISABLED) return undefined;
  const otlp = Boolean(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || e.OTEL_EXPORTER_OTLP_ENDPOINT);
  const destination = opts.exporter ? "custom" : otlp ? "otlp" : "store";
  let exporter: SpanExporter | undefined = opts.exporter ?? (otlp ? new OTLPTraceExporter() : undefined);
  if (!exporter && opts.sink) exporter = storeExporter(opts.sink);
  if (!exporter) return undefined;
  const queue = { pending: 0 };
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({
      "service.name": SERVICE_NAME,
      "service.instance.id": `${os.hostname()}:${process.pid}`,
    }),
  );
  const provider = new NodeTracerProvider({
    resource,
    sampler: new ConsoleSampler(),
    spanProcessors: [
      new BoundedProcessor(
        new BatchSpanProcessor(countingExporter(exporter, queue), {
          maxQueueSize: MAX_QUEUE,
          maxExportBatchSize: 512,
          scheduledDelayMillis: 2000,
        }),
        queue,
      ),
    ],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracing: Tracing = {
    provider,
    destination,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      globalThis.__opsConsoleTracing = undefined;
    },
  };
  globalThis.__opsConsoleTracing = tracing;
  return tracing;
}
