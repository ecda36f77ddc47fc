// What Prometheus's HTTP API answers: its envelope, the query and query_range data, and the error a
// source raises when Prometheus refuses, fails or answers in a shape the console does not read.
import { z } from "zod";

const METRICS_ERROR = Symbol.for("ops-console.MetricsError");

/**
 * A query that failed at the source (Prometheus error, timeout, unreachable): shown on its panel.
 * `instanceof` holds across bundles: the source is one per process (shared through globalThis) and Next
 * builds several bundles, each with its own copy of this class; the brand is the same in all of them.
 */
export class MetricsError extends Error {
  readonly [METRICS_ERROR] = true;
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && METRICS_ERROR in value;
  }
}

const promSample = z.tuple([z.number(), z.string()]);
/** What Prometheus's query and query_range APIs answer (their `data`). */
export const queryData = z.object({
  resultType: z.string(),
  result: z.array(
    z.object({
      metric: z.record(z.string(), z.string()),
      value: promSample.optional(),
      values: z.array(promSample).optional(),
    }),
  ),
});
export type QueryData = z.infer<typeof queryData>;

/** The envelope of every Prometheus HTTP API answer. */
const promResponse = z.object({
  status: z.string(),
  error: z.string().optional(),
  errorType: z.string().optional(),
  data: z.unknown().optional(),
});

/** The `data` of an answer, read by `schema`; Prometheus's own error when it refused. */
export function answerData<T>(raw: unknown, status: number, path: string, schema: z.ZodType<T>): T {
  const json = promResponse.safeParse(raw);
  const answer = json.success ? json.data : undefined;
  if (answer?.status !== "success" || !answer.data)
    throw new MetricsError(`Prometheus ${answer?.errorType ?? status}: ${answer?.error ?? "query failed"}`);
  const data = schema.safeParse(answer.data);
  if (!data.success)
    throw new MetricsError(
      `Prometheus answered ${path.split("?")[0]} in a shape the console does not read: ${data.error.issues[0]?.message ?? "unexpected data"}`,
    );
  return data.data;
}
