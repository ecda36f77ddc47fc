// Sign-in rules in one place: the failed-attempt throttles (per account and per client address,
// counted in the database so every console process enforces the same limit), reading the email out
// of whatever body next-auth accepts, and where a person may be sent after signing in.
import "server-only";
import { ApiError } from "@/lib/http/errors";
import { hit, reset, retryAfter, type Window } from "@/lib/limits";
import { storableText } from "@/lib/text";

export const SIGN_IN_BY_ACCOUNT: Window = {
  name: "failed sign-ins per account",
  bucket: "sign_in_account",
  max: 5,
  windowMs: 10 * 60_000,
};
export const SIGN_IN_BY_ADDRESS: Window = {
  name: "failed sign-ins per address",
  bucket: "sign_in_address",
  max: 30,
  windowMs: 10 * 60_000,
};

/** The most a sign-in request body may hold; next-auth's own are a few hundred bytes. */
export const SIGN_IN_MAX_BODY = 16 * 1024;

export const normalEmail = (email: unknown) =>
  storableText((typeof email === "string" ? email : "").trim().toLowerCase(), 320);

/** Seconds until this account and address may try again (0: now). */
export async function signInWait(email: string, ip: string | null): Promise<number> {
  const [byAccount, byAddress] = await Promise.all([
    email ? retryAfter(SIGN_IN_BY_ACCOUNT, email) : 0,
    ip ? retryAfter(SIGN_IN_BY_ADDRESS, ip) : 0,
  ]);
  return Math.max(byAccount, byAddress);
}

export async function recordSignInFailure(email: string, ip: string | null): Promise<void> {
  await Promise.all([email ? hit(SIGN_IN_BY_ACCOUNT, email) : undefined, ip ? hit(SIGN_IN_BY_ADDRESS, ip) : undefined]);
}

export async function clearSignInFailures(email: string): Promise<void> {
  await reset(SIGN_IN_BY_ACCOUNT, email);
}

export function rateLimitedError(wait: number): ApiError {
  return new ApiError("rate_limited", `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`, {
    retryAfter: wait,
  });
}

/** A JSON body that is an object (its fields). */
const isFields = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The fields of a sign-in body the way next-auth reads them: JSON when the type says JSON, a form when
 * it says form-urlencoded, nothing otherwise. Never throws.
 */
export function signInFields(text: string, contentType: string | null): Record<string, unknown> {
  const type = contentType ?? "";
  try {
    if (type.includes("application/json")) {
      const v: unknown = JSON.parse(text);
      return isFields(v) ? v : {};
    }
    if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  } catch {
    // unreadable: no fields
  }
  return {};
}
