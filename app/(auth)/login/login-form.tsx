"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/page";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password don't match an account.",
  RateLimited: "Too many failed sign-ins. Wait a few minutes and try again.",
  NoAccount: "Your SSO account has no Ops Console user with that email. Ask an admin to add you.",
  AccessDenied: "Sign-in was refused.",
  OAuthSignin: "Could not reach the SSO provider.",
  OAuthCallback: "The SSO provider's answer could not be verified.",
  SessionRequired: "Please sign in to continue.",
};

const input =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900";

export function LoginForm({
  error: initialError,
  callbackUrl,
  sso,
  demoAccounts,
}: {
  error?: string;
  callbackUrl: string;
  sso: { id: string; name: string } | null;
  demoAccounts: { email: string; role: string }[];
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    const res = await signIn("credentials", { email, password, redirect: false, callbackUrl });
    if (res?.ok && !res.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(res?.status === 429 ? "RateLimited" : (res?.error ?? "CredentialsSignin"));
  }

  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      {error && <ErrorNotice title="Couldn't sign you in" message={MESSAGES[error] ?? "Sign-in failed. Try again."} />}
      <form onSubmit={submit} className="space-y-4" aria-label="Sign in with email">
        <label className="block text-sm font-medium">
          Email
          <input
            className={input}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input
            className={input}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso && (
        <>
          <div className="flex items-center gap-2 text-xs text-muted">
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            or
            <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </div>
          <Button type="button" variant="secondary" className="w-full" onClick={() => signIn(sso.id, { callbackUrl })}>
            Sign in with {sso.name}
          </Button>
        </>
      )}
      {demoAccounts.length > 0 && (
        <div className="border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
          <p className="font-medium">Demo accounts</p>
          <p className="text-muted">
            Password <code className="font-mono">demo</code>. Click one to fill the form.
          </p>
          <ul className="mt-2 space-y-1">
            {demoAccounts.map((a) => (
              <li key={a.email}>
                <button
                  type="button"
                  className="flex w-full justify-between rounded px-2 py-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  onClick={() => {
                    setEmail(a.email);
                    setPassword("demo");
                  }}
                >
                  <span className="font-mono text-xs">{a.email}</span>
                  <span className="text-xs text-muted">{a.role}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
