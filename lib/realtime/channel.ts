// Both halves of a live-update channel, typed: a domain defines its channel once (a name and the zod
// schema of its payload), publishes after its write commits, and listens with every payload checked.
// One policy for publishing: after commit, outside the writing transaction — a NOTIFY inside one would
// serialize every commit on Postgres's notification queue lock, and a notice must never announce a
// write that then rolls back. A committed write whose notice is lost (a crash in between) still reaches
// viewers through their resume (Last-Event-ID) backfill.
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

/** Announces committed changes to every listener on every console process. Call it after the commit. */
/**
 * Notifies listeners. Given the transaction that wrote what the payloads announce, the notice is sent
 * at its commit, in commit order with every other transaction's notices.
 */
export async function publish<T>(channel: Channel<T>, payloads: T[], tx: { execute(query: SQL): Promise<unknown> } = db()): Promise<void> {
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
      console.error(`realtime: ${channel.name} carried a payload of the wrong shape: ${parsed.error.issues[0]?.message}`);
      return;
    }
    fn(parsed.data);
  });
}
