import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "./login-form";
import { env } from "@/lib/env";
import { currentActor } from "@/lib/auth/server";
import { safeCallbackPath } from "@/lib/auth/callback";
import { DEMO_ACCOUNTS } from "@/lib/auth/demo-accounts";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; callbackUrl?: string }>;
}) {
  const { error, callbackUrl } = await searchParams;
  if (await currentActor()) redirect(safeCallbackPath(callbackUrl));
  const e = env();
  return (
    <main className="grid min-h-screen place-items-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span className="grid size-9 place-items-center rounded-md bg-indigo-600 text-sm font-bold text-white">
            OC
          </span>
          <h1 className="text-xl font-semibold">Sign in to Ops Console</h1>
        </div>
        <LoginForm
          error={error}
          callbackUrl={safeCallbackPath(callbackUrl)}
          sso={e.oidc ? { id: "oidc", name: e.OIDC_NAME } : null}
          demoAccounts={e.embedded ? DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role })) : []}
        />
      </div>
    </main>
  );
}
