// Live tails open in this process, per org, for the concurrency limit and the limits endpoint.
const g = globalThis as unknown as { __opsConsoleTails?: Map<string, number> };

function open(): Map<string, number> {
  g.__opsConsoleTails ??= new Map();
  return g.__opsConsoleTails;
}

export function tailsOpen(org: string): number {
  return open().get(org) ?? 0;
}

/** Takes a slot if one is free; returns the release function, or null when the org is at its limit. */
export function acquireTail(org: string, max: number): (() => void) | null {
  const n = tailsOpen(org);
  if (n >= max) return null;
  open().set(org, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = tailsOpen(org) - 1;
    if (left > 0) open().set(org, left);
    else open().delete(org);
  };
}
