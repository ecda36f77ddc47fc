// next-auth: credentials (scrypt-hashed passwords) and, when configured, one OIDC provider whose users
// are matched by email. JWT sessions carrying only the user id; everything else is read fresh per request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, env } from "@/lib/env";
import { recordAudit } from "@/lib/audit";
import { RateLimiter } from "@/lib/api/rate-limit";
import { verifyPassword } from "./password";
import { findUserByEmail } from "./users";

const SESSION_MAX_AGE_S = 12 * 60 * 60;

const g = globalThis as unknown as { __opsConsoleSignInLimits?: { byEmail: RateLimiter; byIp: RateLimiter } };

/** Failed sign-ins per email and per client address; over either, sign-in answers 429. */
export function signInLimits() {
  g.__opsConsoleSignInLimits ??= {
    byEmail: new RateLimiter({ name: "failed sign-ins per account", max: 5, windowMs: 10 * 60_000 }),
    byIp: new RateLimiter({ name: "failed sign-ins per address", max: 30, windowMs: 10 * 60_000 }),
  };
  return g.__opsConsoleSignInLimits;
}

function headerOf(req: unknown, name: string): string | null {
  const headers = (req as { headers?: Record<string, string | string[] | undefined> | Headers })?.headers;
  if (!headers) return null;
  const v = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export function clientIp(req: unknown): string | null {
  return headerOf(req, "x-forwarded-for")?.split(",")[0]?.trim() || headerOf(req, "x-real-ip") || null;
}

function oidcProvider() {
  const e = env();
  if (!e.oidc) return [];
  return [
    {
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth" as const,
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"] as ("pkce" | "state")[],
      profile(p: { sub: string; email?: string; name?: string; email_verified?: boolean }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub, emailVerified: p.email_verified };
      },
    },
  ];
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = (credentials?.email ?? "").trim().toLowerCase();
          const ip = clientIp(req);
          const user = email ? await findUserByEmail(email) : undefined;
          const ok = Boolean(user && !user.disabledAt) && (await verifyPassword(credentials?.password ?? "", user?.passwordHash));
          if (!ok || !user) {
            const limits = signInLimits();
            limits.byEmail.hit(email);
            if (ip) limits.byIp.hit(ip);
            await recordAudit({ action: "auth.sign_in", outcome: "failure", actorKind: "anonymous", ip, details: { email, provider: "credentials", reason: "invalid_credentials" } });
            return null;
          }
          signInLimits().byEmail.reset(email);
          await recordAudit({ action: "auth.sign_in", outcome: "success", actor: { id: user.id, email: user.email, kind: "user" }, ip, details: { provider: "credentials" } });
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const email = (user.email ?? "").toLowerCase();
        const verified = (profile as { email_verified?: boolean } | undefined)?.email_verified !== false;
        const known = email && verified ? await findUserByEmail(email) : undefined;
        if (!known || known.disabledAt) {
          await recordAudit({ action: "auth.sign_in", outcome: "failure", actorKind: "anonymous", details: { email, provider: "oidc", reason: verified ? "no_account" : "email_not_verified" } });
          return "/login?error=NoAccount";
        }
        await recordAudit({ action: "auth.sign_in", outcome: "success", actor: { id: known.id, email: known.email, kind: "user" }, details: { provider: "oidc" } });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc") {
          const known = await findUserByEmail(user.email ?? "");
          if (known) {
            token.sub = known.id;
            token.name = known.name;
          }
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
