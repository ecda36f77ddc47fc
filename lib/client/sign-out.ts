// Signing out as next-auth's client does it (its CSRF token, then a form POST to /api/auth/signout), without
// loading next-auth's React client — its session provider and broadcast channel — on every page for one button.
export async function signOut(callbackUrl = "/login"): Promise<void> {
  const csrf = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await res.json().catch(() => ({}))) as { url?: string };
  // Only a same-origin destination: the callback is ours, whatever the response says.
  const to = url && new URL(url, window.location.origin).origin === window.location.origin ? url : callbackUrl;
  window.location.href = to;
}
