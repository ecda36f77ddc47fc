// Where a person may go after signing in: a path on this site, never another origin. Browser-safe.

const BASE = "http://console.invalid";

/**
 * `url` as a same-site path (path, query and fragment), or "/" when it could lead anywhere else:
 * protocol-relative (`//x`), backslashes (`/\x`, which browsers read as `//x`), control characters,
 * absolute URLs to other origins.
 */
export function safeCallbackPath(url: string | null | undefined): string {
  if (!url || !url.startsWith("/") || url.length > 2000) return "/";
  if (/[\\\u0000-\u001f\u007f]/.test(url) || url.startsWith("//")) return "/";
  let parsed: URL;
  try {
    parsed = new URL(url, BASE);
  } catch {
    return "/";
  }
  if (parsed.origin !== BASE) return "/";
  // Checked again after normalising: `/.//evil.example` and `/%2e//evil.example` become `//evil.example`.
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
}

/** next-auth's redirect callback: the same rule, for absolute URLs on this site too. */
export function safeRedirect(url: string, baseUrl: string): string {
  let path = url;
  if (!url.startsWith("/")) {
    try {
      const u = new URL(url);
      if (u.origin !== new URL(baseUrl).origin) return baseUrl;
      path = `${u.pathname}${u.search}${u.hash}`;
    } catch {
      return baseUrl;
    }
  }
  return `${baseUrl.replace(/\/$/, "")}${safeCallbackPath(path)}`;
}
