// The transport under lib/realtime/channel.ts: Postgres LISTEN/NOTIFY, fanned out to in-process
// subscribers. On a Postgres server every console replica listens on one dedicated connection, so a
// write through one reaches viewers on all; the embedded store delivers its notifications from its own
// thread. Domains do not use this file: they publish and listen through typed channels.
import "server-only";
import pg from "pg";
import { dbHandle, type DbHandle } from "@/lib/db/client";
import { logError } from "@/lib/http/errors";

type Listener = (payload: string) => void;

interface Bus {
  handle: DbHandle;
  listeners: Map<string, Set<Listener>>;
  listening: Map<string, Promise<() => Promise<void>>>;
  client?: Promise<pg.Client>;
}

declare global {
  var __opsConsoleBus: Bus | undefined;
}

function bus(): Bus {
  const handle = dbHandle();
  if (!globalThis.__opsConsoleBus || globalThis.__opsConsoleBus.handle !== handle) {
    globalThis.__opsConsoleBus = { handle, listeners: new Map(), listening: new Map() };
  }
  return globalThis.__opsConsoleBus;
}

function fanOut(b: Bus, channel: string, payload: string) {
  for (const fn of b.listeners.get(channel) ?? []) {
    try {
      fn(payload);
    } catch (err) {
      logError(`realtime listener on ${channel} failed`, err);
    }
  }
}

async function pgClient(b: Bus, pool: pg.Pool): Promise<pg.Client> {
  b.client ??= (async () => {
    const options = pool.options;
    const client = new pg.Client({ ...options });
    await client.connect();
    client.on("notification", (msg) => fanOut(b, msg.channel, msg.payload ?? ""));
    client.on("error", (err) => {
      logError("realtime listener connection lost", err);
      b.client = undefined;
      const channels = [...b.listening.keys()];
      b.listening.clear();
      // Re-listen on a fresh connection; subscribers stay registered.
      setTimeout(() => channels.forEach((c) => void listen(b, c).catch(() => {})), 1000);
    });
    return client;
  })();
  return b.client;
}

function listen(b: Bus, channel: string): Promise<() => Promise<void>> {
  let p = b.listening.get(channel);
  if (!p) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    const h = b.handle;
    p =
      h.engine === "pglite"
        ? h.pglite.listen(channel, (payload) => fanOut(b, channel, payload))
        : pgClient(b, h.pool).then(async (c) => {
            await c.query(`LISTEN ${channel}`);
            return async () => void (await c.query(`UNLISTEN ${channel}`));
          });
    b.listening.set(channel, p);
  }
  return p;
}

/** Subscribe to a channel; resolves once the database listens. Returns the unsubscribe function. */
export async function subscribe(channel: string, fn: Listener): Promise<() => void> {
  const b = bus();
  let set = b.listeners.get(channel);
  if (!set) b.listeners.set(channel, (set = new Set()));
  set.add(fn);
  await listen(b, channel);
  return () => {
    set.delete(fn);
  };
}

/** Stops listening (process shutdown, or a test swapping databases). */
export async function closeRealtime(): Promise<void> {
  const b = globalThis.__opsConsoleBus;
  globalThis.__opsConsoleBus = undefined;
  if (!b) return;
  b.listeners.clear();
  if (b.client) {
    const c = await b.client.catch(() => null);
    c?.removeAllListeners("error");
    c?.on("error", () => {});
    await c?.end().catch(() => {});
  } else {
    for (const stop of b.listening.values()) await (await stop.catch(() => null))?.().catch(() => {});
  }
}
