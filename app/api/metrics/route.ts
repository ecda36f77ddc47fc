import { metrics } from "@/lib/telemetry/metrics";

// GET /api/metrics — the console's own Prometheus metrics
export async function GET() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
