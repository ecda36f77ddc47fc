// The browser's one way to call /api/v1: JSON in, JSON out, the error shape turned into ClientApiError.
// Types come from the endpoint contracts the server uses (`ResponseOf<typeof getIncidentEndpoint>`), as
// type-only imports: no schema code reaches the browser.
export class ClientApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ClientApiError";
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
    credentials: "same-origin",
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown }; request_id?: string } | undefined) ?? {};
    if (res.status === 401 && typeof window !== "undefined") {
      // The session ended (expired or signed out elsewhere): a full reload through the sign-in page.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a reload is the point: it drops cached data
      window.location.href = `/login?callbackUrl=${encodeURIComponent(location.pathname + location.search)}`;
    }
    throw new ClientApiError(res.status, err.error?.code ?? "error", err.error?.message ?? `Request failed (${res.status})`, err.error?.details, err.request_id);
  }
  return data as T;
}

type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/** `?a=1&b=x&b=y` from the values that are set (arrays repeat the key), or "" when none is. */
export function queryString(params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, String(x)));
    else if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export type { BodyOf, ResponseOf } from "@/lib/http/endpoint";
