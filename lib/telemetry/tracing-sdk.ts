// The OpenTelemetry SDK for the console's own spans, started once per process where the server starts
// (instrumentation.ts): a NodeTracerProvider (AsyncLocalStorage context, W3C trace context), a bounded
// batch queue, and the export — to the console's own trace store by default, to the collector that
// OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT names when set, nowhere with OTEL_SDK_DISABLED=true.
//
// Every span is recorded here (parent-based, always on): which traces are kept is the trace store's sampling
// policy, the same for the console as for any sender. Exporting to its own store, the console applies that
// policy itself to the traces it makes whole (see LocalTraceSampler): a trace not kept never costs an export.
// Two exceptions: Next.js's own spans (they carry raw URLs with their query strings, and withApi's span says
// the same without them) are not recorded, and a span that finds the export queue full is dropped and counted
// (ops_console_self_trace_spans_total{outcome="dropped"}): tracing never makes a request wait.
import "server-only";
import os from "node:os";
import {
  context,
  propagation,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type SpanKind,
} from "@opentelemetry/api";
import { hrTimeToMilliseconds, W3CTraceContextPropagator } from "@opentelemetry/core";
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
import { observeDropped, observeSelfSpans } from "./metrics";
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

/** A span as the store's sampling rule reads it. */
export interface SampledSpan {
  status: "error" | "ok";
  duration_ms: number;
  service: string;
}

/** The console's own trace store as the SDK exports to it: its ingest, and its sampling rule for a whole trace. */
export interface OwnTraceStore {
  sink: TraceSink;
  /** Whether the store keeps this trace, all of its spans in hand (lib/traces/rules traceKeeps). */
  keeps(traceId: string, spans: SampledSpan[]): boolean;
}

/** How many traces may be open (started here, not yet ended) at once; past it the oldest is passed on undecided. */
const MAX_OPEN_TRACES = 10_000;

/**
 * Decides the traces the console starts itself (a request without a caller's traceparent, a background
 * operation) where they are made, by the trace store's own rule (OwnTraceStore.keeps). Such a trace is
 * whole in this process once its root and every span started under it have ended — a span starts only under
 * a recording parent (./tracing), so none can join after — and the decision is then made on all of it, as the
 * store would make it: kept, its spans go on to the export (the store decides the same); not kept, they are
 * dropped here and counted as the store counts what it drops (ops_console_trace_traces_dropped_total) — the
 * ~90 % of traces a 0.1 rate drops never cost an export, a store ingest or a wait among its pending spans.
 * A trace continued from a caller's traceparent has parts elsewhere: its spans go on to be decided by the store.
 * The decision waits for the event loop to be idle (setImmediate): none of it is on a request's way to its
 * response.
 */
export class LocalTraceSampler implements SpanProcessor {
  private readonly open = new Map<string, { open: number; spans: ReadableSpan[] }>();
  /** Traces ended and not yet decided: decided together once the event loop is idle, after their responses. */
  private ended: ReadableSpan[][] = [];
  constructor(
    private readonly inner: SpanProcessor,
    private readonly keeps: OwnTraceStore["keeps"],
  ) {}
  onStart(span: Span, parent: Context) {
    const id = span.spanContext().traceId;
    const trace = this.open.get(id);
    if (trace) trace.open++;
    else if (!span.parentSpanContext) {
      if (this.open.size >= MAX_OPEN_TRACES) this.passOldest();
      this.open.set(id, { open: 1, spans: [] });
    }
    this.inner.onStart(span, parent);
  }
  onEnd(span: ReadableSpan) {
    const id = span.spanContext().traceId;
    const trace = this.open.get(id);
    if (!trace) return this.inner.onEnd(span);
    trace.spans.push(span);
    if (--trace.open > 0) return;
    this.open.delete(id);
    if (this.ended.push(trace.spans) === 1) setImmediate(() => this.decide());
  }
  private decide() {
    const ended = this.ended;
    this.ended = [];
    for (const trace of ended) {
      const kept = this.keeps(
        trace[0]!.spanContext().traceId,
        trace.map((s) => ({
          status: s.status.code === SpanStatusCode.ERROR ? "error" : "ok",
          duration_ms: hrTimeToMilliseconds(s.duration),
          service: SERVICE_NAME,
        })),
      );
      if (kept) for (const s of trace) this.inner.onEnd(s);
      else observeDropped(trace.length, 1);
    }
  }
  /** A trace open too long (a span never ended): what it has goes on undecided, its later spans after it. */
  private passOldest() {
    const [id, trace] = this.open.entries().next().value!;
    this.open.delete(id);
    for (const s of trace.spans) this.inner.onEnd(s);
  }
  forceFlush() {
    this.decide();
    return this.inner.forceFlush();
  }
  shutdown() {
    this.decide();
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
 * export (tests); `store` is the console's own trace store (lib/traces/ingest ownTraceStore). Returns undefined with OTEL_SDK_DISABLED=true: the
 * API then stays a no-op and the hooks cost next to nothing.
 */
export function startTracing(opts: { exporter?: SpanExporter; store?: OwnTraceStore } = {}): Tracing | undefined {
  if (globalThis.__opsConsoleTracing) return globalThis.__opsConsoleTracing;
  const e = env();
  if (e.OTEL_SDK_DISABLED) return undefined;
  const otlp = Boolean(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || e.OTEL_EXPORTER_OTLP_ENDPOINT);
  const destination = opts.exporter ? "custom" : otlp ? "otlp" : "store";
  let exporter: SpanExporter | undefined = opts.exporter ?? (otlp ? new OTLPTraceExporter() : undefined);
  if (!exporter && opts.store) exporter = storeExporter(opts.store.sink);
  if (!exporter) return undefined;
  const queue = { pending: 0 };
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({
      "service.name": SERVICE_NAME,
      "service.instance.id": `${os.hostname()}:${process.pid}`,
    }),
  );
  const queued = new BoundedProcessor(
    new BatchSpanProcessor(countingExporter(exporter, queue), {
      maxQueueSize: MAX_QUEUE,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 2000,
    }),
    queue,
  );
  const provider = new NodeTracerProvider({
    resource,
    sampler: new ConsoleSampler(),
    // Its own store: its rule, applied here (an OTLP collector or a test's exporter gets every span).
    spanProcessors: [destination === "store" && opts.store ? new LocalTraceSampler(queued, opts.store.keeps) : queued],
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
