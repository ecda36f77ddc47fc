// Where a request comes from: the client's address, and the console's own public address.
// The client's address: the console's server (scripts/server.mjs) replaces X-Forwarded-For with the one
// address it trusts — the peer's, or the hop TRUST_PROXY_HOPS names — so nothing a client sends reaches
// here. Anything that is not an IP address reads as unknown.

import { env } from "@/lib/env";

const IP = /^[0-9A-Fa-f:.]{2,45}$/;

export function clientIpFrom(forwardedFor: string | null | undefined): string | null {
  const v = forwardedFor?.split(",")[0]?.trim();
  return v && IP.test(v) ? v : null;
}

export function requestIp(req: Request): string | null {
  return clientIpFrom(req.headers.get("x-forwarded-for"));
}

/** The console's public address: NEXTAUTH_URL when set (what people open), else the request's origin. */
export function publicBaseUrl(req: Request): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  return new URL(req.url).origin;
}
