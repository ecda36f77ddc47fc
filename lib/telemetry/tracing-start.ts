// Where the server's own spans go, decided once at start: the collector OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT
// names, else the console's own trace store (as the sender "ops-console"); nowhere with OTEL_SDK_DISABLED=true.
import "server-only";
import { startTracing } from "./tracing-sdk";

export function startConsoleTracing() {
  return startTracing();
}
