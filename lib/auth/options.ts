// next-auth: credentials (scrypt-hashed passwords) and, when configured, one OIDC provider whose users
// are matched by email. JWT sessions carrying only the user id; everything else is read fresh per request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, env } from "@/lib/env";
import { logError } from "@/lib/http/errors";
import { recordAudit } from "@/lib/audit";
import { clientIpFrom } from "@/lib/http/request-origin";
import { verifyPassword } from "./password";
import { findUserByEmail } from "./users";
import { safeRedirect } from "./callback";
import { clearSignInFailures, normalEmail, recordSignInFailure, signInWait } from "./sign-in";

const SESSION_MAX_AGE_S = 12 * 60 * 60;

function headerOf(req: unknown, name: string): string | null {
  const headers: unknown = typeof req === "object" && req !== null && "headers" in req ? req.headers : undefined;
  if (typeof headers !== "object" || headers === null) return null;
  const v: unknown = headers instanceof Headers ? headers.get(name) : Reflect.get(headers, name);
  const first: unknown = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : null;
}

/** The OAuth checks the OIDC sign-in makes. */
const OIDC_CHECKS: ("pkce" | "state")[] = ["pkce", "state"];

/** The client address of a next-auth request (its headers are a plain object there). */
const clientIp = (req: unknown) => clientIpFrom(headerOf(req, "x-forwarded-for"));

function oidcProvider() {
  const e = env();
  const issuer = e.oidc ? e.OIDC_ISSUER : undefined;
  if (!issuer) return [];
  return [
    {
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth" as const,
      wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: OIDC_CHECKS,
      profile(p: { sub: string; email?: string; name?: string; email_verified?: boolean }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub, emailVerified: p.email_verified };
      },
    },
  ];
}

/** Email and password: throttled, one scrypt whether or not the account exists, every outcome audited. */
async function signIn(credentials: Record<string, string> | undefined, req: unknown) {
  const email = normalEmail(credentials?.email);
  const ip = clientIp(req);
  // The route answers 429 before this; checked again here whatever shape the body came in.
  if ((await signInWait(email, ip)) > 0) {
    await recordAudit({
      action: "auth.sign_in",
      outcome: "denied",
      actorKind: "anonymous",
      ip,
      details: { email, provider: "credentials", reason: "rate_limited" },
    });
    return null;
  }
  const user = email ? await findUserByEmail(email) : undefined;
  const usable = user && !user.disabledAt ? user : undefined;
  // Always one scrypt, whether or not the account exists or is disabled: no timing tells them apart.
  const ok = await verifyPassword(
    typeof credentials?.password === "string" ? credentials.password : "",
    usable?.passwordHash,
  );
  if (!ok || !usable) {
    await recordSignInFailure(email, ip);
    await recordAudit({
      action: "auth.sign_in",
      outcome: "failure",
      actorKind: "anonymous",
      ip,
      details: { email, provider: "credentials", reason: "invalid_credentials" },
    });
    return null;
  }
  await clearSignInFailures(email);
  await recordAudit({
    action: "auth.sign_in",
    outcome: "success",
    actor: { id: usable.id, email: usable.email, kind: "user" },
    ip,
    details: { provider: "credentials" },
  });
  return { id: usable.id, email: usable.email, name: usable.name };
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
          try {
            return await signIn(credentials, req);
          } catch (err) {
            // next-auth puts a thrown error's message in the redirect URL: a database error would reach an
            // anonymous caller. The log gets it without its parameters; the caller gets a word.
            logError("sign-in failed", err);
            throw new Error("Unavailable");
          }
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      redirect: ({ url, baseUrl }) => safeRedirect(url, baseUrl),
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const email = (user.email ?? "").toLowerCase();
        const verified = !(profile && "email_verified" in profile && profile.email_verified === false);
        const known = email && verified ? await findUserByEmail(email) : undefined;
        if (!known || known.disabledAt) {
          await recordAudit({
            action: "auth.sign_in",
            outcome: "failure",
            actorKind: "anonymous",
            details: { email, provider: "oidc", reason: verified ? "no_account" : "email_not_verified" },
          });
          return "/login?error=NoAccount";
        }
        await recordAudit({
          action: "auth.sign_in",
          outcome: "success",
          actor: { id: known.id, email: known.email, kind: "user" },
          details: { provider: "oidc" },
        });
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
        if (session.user) Object.assign(session.user, { id: token.sub });
        return session;
      },
    },
  };
}
