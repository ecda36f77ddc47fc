// The public pages' limit: requests per minute one address may make to /status, its API and its feed,
// counted in the database so it means the same with one console process or ten. Once an address is over,
// this process remembers until when, so a flood costs the database nothing more until the window frees.
import "server-only";
import { env } from "@/lib/env";
import { take, type Window } from "./index";

const MAX_REMEMBERED = 10_000;
declare global {
  var __opsConsolePublicBlocked: Map<string, number> | undefined;
}

export function publicWindow(): Window {
  return { name: "public requests per address", bucket: "public", max: env().PUBLIC_RATE_PER_MINUTE, windowMs: 60_000 };
}

/** Seconds `ip` must wait before its next public request (0: go ahead, and it is counted). */
export async function publicGate(ip: string | null): Promise<number> {
  const key = ip ?? "unknown";
  const blocked = (globalThis.__opsConsolePublicBlocked ??= new Map());
  const until = blocked.get(key);
  const now = Date.now();
  if (until !== undefined) {
    if (until > now) return Math.ceil((until - now) / 1000);
    blocked.delete(key);
  }
  const wait = await take(publicWindow(), key);
  if (wait > 0) {
    if (blocked.size >= MAX_REMEMBERED) blocked.clear();
    blocked.set(key, now + wait * 1000);
  }
  return wait;
}
