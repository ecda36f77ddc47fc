import NextAuth from "next-auth";
import { authOptions, clientIp, signInLimits } from "@/lib/auth/options";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

// GET /api/auth/* — next-auth (session, csrf, providers, OAuth callbacks)
export const GET = handler;

// POST /api/auth/* — next-auth, with failed credential sign-ins rate limited (429) and audited
export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    const ip = clientIp(req);
    const limits = signInLimits();
    const wait = Math.max(limits.byEmail.retryAfter(email), ip ? limits.byIp.retryAfter(ip) : 0);
    if (wait > 0) {
      const requestId = crypto.randomUUID();
      await recordAudit({ action: "auth.sign_in", outcome: "denied", actorKind: "anonymous", ip, requestId, details: { email, provider: "credentials", reason: "rate_limited" } });
      const url = new URL(req.url);
      // `url` lets next-auth's client read the outcome like any other sign-in answer.
      return errorResponse(
        new ApiError("rate_limited", `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfter: wait }),
        requestId,
        { url: `${url.origin}/login?error=RateLimited` },
      );
    }
  }
  return NextAuth(authOptions())(req, ctx);
}
