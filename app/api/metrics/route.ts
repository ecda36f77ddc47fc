import { timingSafeEqual, createHash } from "node:crypto";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/api/handler";
import { metricsText } from "@/lib/telemetry/metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Whether the caller sent METRICS_TOKEN as a bearer token. */
function hasToken(req: Request): boolean {
  const token = env().METRICS_TOKEN;
  if (!token) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization")?.trim() ?? "");
  return Boolean(m) && timingSafeEqual(digest(m![1]!), digest(token));
}

// GET /api/metrics — the console's own Prometheus metrics: with METRICS_TOKEN as a bearer token, all of
// them; without, only when METRICS_PUBLIC=true, and then without the figures that name tenants.
export async function GET(req: Request) {
  const full = hasToken(req);
  if (!full && !env().METRICS_PUBLIC) {
    const why = env().METRICS_TOKEN
      ? "Send the METRICS_TOKEN as 'Authorization: Bearer <token>' (Prometheus: authorization.credentials_file)."
      : "Metrics need a token: set METRICS_TOKEN (and send it as a bearer token), or METRICS_PUBLIC=true to serve them without per-org figures.";
    const res = errorResponse(new ApiError("unauthorized", why), crypto.randomUUID());
    res.headers.set("www-authenticate", "Bearer");
    return res;
  }
  const { contentType, text } = await metricsText({ perOrg: full });
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
