import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { rateLimitedError, signInFields, signInWait, normalEmail, SIGN_IN_MAX_BODY } from "@/lib/auth/sign-in";
import { ApiError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/api/handler";
import { readText } from "@/lib/http/body";
import { requestIp } from "@/lib/http/request-origin";
import { recordAudit } from "@/lib/audit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

// GET /api/auth/* — next-auth (session, csrf, providers, OAuth callbacks)
export const GET = handler;

// POST /api/auth/* — next-auth, with the body read up to a small limit, and failed credential sign-ins
// rate limited (429) and audited whether the body is a form or JSON
export async function POST(req: Request, ctx: Ctx) {
  const requestId = crypto.randomUUID();
  let text: string;
  try {
    text = await readText(req, SIGN_IN_MAX_BODY);
  } catch (err) {
    return errorResponse(
      err instanceof ApiError ? err : new ApiError("bad_request", "The body could not be read."),
      requestId,
    );
  }
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const email = normalEmail(signInFields(text, req.headers.get("content-type")).email);
    const ip = requestIp(req);
    const wait = await signInWait(email, ip);
    if (wait > 0) {
      await recordAudit({
        action: "auth.sign_in",
        outcome: "denied",
        actorKind: "anonymous",
        ip,
        requestId,
        details: { email, provider: "credentials", reason: "rate_limited" },
      });
      const url = new URL(req.url);
      // `url` lets next-auth's client read the outcome like any other sign-in answer.
      return errorResponse(rateLimitedError(wait), requestId, { url: `${url.origin}/login?error=RateLimited` });
    }
  }
  // next-auth reads the body again: hand it the bytes already read (never more than the limit).
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  const again = new NextRequest(req.url, { method: "POST", headers, body: text });
  return NextAuth(authOptions())(again, ctx);
}
