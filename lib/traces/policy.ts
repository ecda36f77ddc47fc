// The sampling policy as the settings give it: read by the trace store's sampling (./sampling) and by the
// console's own tracing, which decides the traces it makes itself where it makes them (lib/telemetry/tracing-sdk).
import "server-only";
import { env, type Env } from "@/lib/env";
import type { SamplingPolicy } from "./rules";

let last: { e: Env; policy: SamplingPolicy } | undefined;

/** The policy of the settings `e` (made once per settings: the console's own tracing asks at every trace's end). */
export function samplingPolicy(e = env()): SamplingPolicy {
  if (last?.e !== e)
    last = {
      e,
      policy: { rate: e.TRACE_SAMPLE_RATE, slowMs: e.TRACE_SLOW_MS, slowMsByService: e.TRACE_SLOW_MS_BY_SERVICE },
    };
  return last.policy;
}
