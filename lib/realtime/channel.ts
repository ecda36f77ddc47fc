// Both halves of a live-update channel, typed: a domain defines its channel once (a name and the zod
// schema of its payload), publishes what it wrote, and listens with every payload checked. Two ways to
// publish: after the write commits (the default), or inside the writing transaction, where Postgres sends
// the notice at the commit and never for a write that rolls back. Inside is for notices whose order must
// be the commit order — log ingest's batches, which a live tail reads by id — at the price of the commit
// taking Postgres's notification queue lock. A committed write whose notice is lost (a crash in between)
// still reaches viewers through their resume (Last-Event-ID) backfill.
import "server-only";
import { sql, Param, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import { subscribe } from "./bus";

export interface Channel<T> {
  name: string;
  payload: z.ZodType<T>;
}

export function defineChannel<T>(name: string, payload: z.ZodType<T>): Channel<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad channel name ${name}`);
  return { name, payload };
}

/**
 * Notifies every listener on every console process. Without `tx`, call it after the commit; given the
 * transaction that wrote what the payloads announce, the notice is sent at its commit, in commit order.
 */
export async function publish<T>(
  channel: Channel<T>,
  payloads: T[],
  tx: { execute(query: SQL): Promise<unknown> } = db(),
): Promise<void> {
  if (!payloads.length) return;
  const texts = payloads.map((p) => JSON.stringify(channel.payload.parse(p)));
  await tx.execute(sql`select pg_notify(${channel.name}, n) from unnest(${new Param(texts)}::text[]) as n`);
}

/** Listens on `channel`, handing `fn` only payloads that match its schema. Returns the unsubscribe function. */
export async function listen<T>(channel: Channel<T>, fn: (payload: T) => void): Promise<() => void> {
  return subscribe(channel.name, (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      console.error(`realtime: ${channel.name} carried a payload that is not JSON`);
      return;
    }
    const parsed = channel.payload.safeParse(value);
    if (!parsed.success) {
      console.error(
        `realtime: ${channel.name} carried a payload of the wrong shape: ${parsed.error.issues[0]?.message}`,
      );
      return;
    }
    fn(parsed.data);
  });
}
