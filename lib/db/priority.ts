// Bulk work — export pages, retention, backfills — yields to what a person is waiting for. Wrap it in
// bulk(): on the embedded store its statements queue behind every interactive one (the store's thread
// runs one statement at a time and picks interactive work first); on a Postgres server at most
// BULK_SLOTS bulk statements run at once, so exports cannot take the whole connection pool.
import { AsyncLocalStorage } from "node:async_hooks";

export type Priority = "interactive" | "bulk";

const als = new AsyncLocalStorage<Priority>();
const BULK_SLOTS = 2;
let running = 0;
const waiting: (() => void)[] = [];

export function currentPriority(): Priority {
  return als.getStore() ?? "interactive";
}

/**
 * Runs `fn` as interactive work even when called from inside bulk work — a realtime notice is delivered
 * in whatever async context the store happened to be in, and what a viewer waits for must not queue
 * behind a backfill it did not start.
 */
export function interactive<T>(fn: () => Promise<T>): Promise<T> {
  return als.run("interactive", fn);
}

/** Runs `fn` as bulk work (see above). */
export async function bulk<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= BULK_SLOTS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await als.run("bulk", fn);
  } finally {
    running--;
    waiting.shift()?.();
  }
}
