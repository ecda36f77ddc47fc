// The arithmetic of limits, as plain functions: a sliding window over recorded hits, and which cap an
// open stream would break. The counting itself lives in the database (./index.ts), so every console
// process sees the same numbers.

export interface Window {
  /** What the 429 says is over its limit, e.g. "failed sign-ins per account". */
  name: string;
  bucket: string;
  max: number;
  windowMs: number;
}

/**
 * Seconds until one more hit fits the window, given the times of the newest hits inside it (newest
 * first, at most `max` of them); 0 when it fits now.
 */
export function retryAfterSeconds(
  newestFirst: readonly number[],
  w: Pick<Window, "max" | "windowMs">,
  now: number,
): number {
  const inside = newestFirst.filter((t) => t > now - w.windowMs);
  const edge = inside[w.max - 1]; // the oldest hit that still counts against the limit
  if (inside.length < w.max || edge === undefined) return 0;
  return Math.max(1, Math.ceil((edge + w.windowMs - now) / 1000));
}

export interface StreamCaps {
  per_org: number;
  per_user: number;
  per_process: number;
}

export interface StreamUse {
  org: number;
  user: number;
  process: number;
}

/** The first cap one more stream would break, or null when it fits under all three. */
export function brokenCap(
  use: StreamUse,
  caps: StreamCaps,
): { cap: keyof StreamCaps; open: number; max: number } | null {
  if (use.user >= caps.per_user) return { cap: "per_user", open: use.user, max: caps.per_user };
  if (use.org >= caps.per_org) return { cap: "per_org", open: use.org, max: caps.per_org };
  if (use.process >= caps.per_process) return { cap: "per_process", open: use.process, max: caps.per_process };
  return null;
}
