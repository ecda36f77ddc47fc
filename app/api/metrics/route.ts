import { timingSafeEqual, createHash } from "node:crypto";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/api/handler";
import { metrics } from "@/lib/telemetry/metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** With METRICS_TOKEN set, only a scraper sending it as a bearer token may read the metrics. */
function allowed(req: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return true;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
  return Boolean(m) && timingSafeEqual(digest(m![1]!), digest(token));
}

// GET /api/metrics — the console's own Prometheus metrics (METRICS_TOKEN: bearer token required)
export async function GET(req: Request) {
  if (!allowed(req)) {
    const res = errorResponse(new ApiError("unauthorized", "Send the METRICS_TOKEN as 'Authorization: Bearer <token>' (Prometheus: authorization.credentials_file)."), crypto.randomUUID());
    res.headers.set("www-authenticate", "Bearer");
    return res;
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
