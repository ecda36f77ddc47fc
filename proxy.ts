// In front of every page: the public status page's per-address limit (counted in the database by the
// server's own gate, lib/limits/public, which start-up hands over on globalThis: this file is bundled
// apart from the server code), and an optimistic redirect to /login for the other pages without a
// session. The real checks are server-side (lib/auth in every page and withApi in every API route).
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { clientIpFrom } from "@/lib/http/request-origin";

type Gate = (ip: string | null) => Promise<number>;
const gate = () => (globalThis as unknown as { __opsConsolePublicGate?: Gate }).__opsConsolePublicGate;

const signedIn = withAuth({ pages: { signIn: "/login" } });

export default async function proxy(req: NextRequest, event: NextFetchEvent) {
  if (req.nextUrl.pathname === "/status") {
    // The server sets X-Forwarded-For to the one client address it trusts (scripts/server.mjs).
    const wait = (await gate()?.(clientIpFrom(req.headers.get("x-forwarded-for")))) ?? 0;
    if (wait > 0) {
      return new NextResponse(`Too many requests from this address; try again in ${wait} s.\n`, {
        status: 429,
        headers: { "retry-after": String(wait), "content-type": "text/plain; charset=utf-8" },
      });
    }
    return NextResponse.next();
  }
  return signedIn(req as NextRequestWithAuth, event);
}

export const config = {
  matcher: ["/((?!api|login|_next/static|_next/image|favicon.ico|fonts|icons/|icon.svg|manifest.webmanifest).*)"],
};
