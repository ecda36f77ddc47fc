// The one database client factory: PGlite in DATA_DIR on its own thread (embedded default) or a Postgres
// pool (DATABASE_URL). One instance per process, kept on globalThis so every bundle Next.js makes shares it.
import { drizzle as drizzlePglite, type PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import * as schema from "./schema";
import { env } from "@/lib/env";
import { observeDbQuery } from "@/lib/telemetry/metrics";
import { RemotePGlite } from "./pglite-remote";
import { logError } from "@/lib/http/errors";
import { bindCallbacks, dbSpan, endSpan } from "@/lib/telemetry/tracing";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Engine = "pglite" | "postgres";
/** What code reads and writes through: the database, or one transaction of it. */
export type Tx = Pick<Db, "insert" | "select" | "update" | "delete" | "execute">;

/**
 * The rows of a raw statement, typed as it selects them: the one place a raw result is read (PGlite and
 * node-postgres both answer `{ rows }`).
 */
export async function selectRows<T>(database: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const res: unknown = await database.execute(query);
  if (!hasRows(res)) throw new Error("the database answered a raw statement without rows");
  // The drivers hand back untyped rows; the caller's select list is what T says they hold.
  return res.rows as T[];
}

/**
 * The row a one-row write's `returning()` gives back: an insert, or an update of a row just read. None is a
 * bug, said plainly (`what` names the write).
 */
export function returnedRow<T>(rows: T[], what = "a one-row write"): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`${what} returned no row`);
  return row;
}

function hasRows(res: unknown): res is { rows: unknown[] } {
  return typeof res === "object" && res !== null && "rows" in res && Array.isArray(res.rows);
}

interface HandleBase {
  db: Db;
  close(): Promise<void>;
}

/** An open database: a Postgres server's pool, or the embedded store's thread (with the drizzle instance its migrator takes). */
export type DbHandle =
  | (HandleBase & { engine: "postgres"; pool: pg.Pool; pglite?: undefined })
  | (HandleBase & {
      engine: "pglite";
      pglite: RemotePGlite;
      embedded: PgliteDatabase<typeof schema>;
      pool?: undefined;
    });

export interface DbOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined means in memory. */
  dataDir?: string;
  poolSize?: number;
}

/** A statement's text, as drizzle and pg hand it over (a string, or a config object with `text`). */
function sqlText(sql: unknown): string {
  return typeof sql === "string" ? sql : typeof sql === "object" && sql && "text" in sql ? String(sql.text) : "";
}

function sqlOp(text: string): string {
  const word = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? "other";
  return ["select", "insert", "update", "delete", "with", "begin", "commit", "rollback"].includes(word)
    ? word
    : "other";
}

/**
 * Times a method's calls for /api/metrics; `traced`: each call is also a statement span under the active
 * one (../telemetry/tracing). The embedded store makes its spans on its own side, per statement.
 */
function timeMethod(target: object, name: string, engine: Engine, op?: string, traced = false) {
  const original: unknown = Reflect.get(target, name);
  if (typeof original !== "function") throw new Error(`cannot time ${name}: not a method`);
  Reflect.set(target, name, function timed(this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const text = op ? "" : sqlText(args[0]);
    const label = op ?? sqlOp(text);
    const span = traced ? dbSpan(engine, text) : undefined;
    const done = (err?: unknown) => {
      observeDbQuery(engine, label, (performance.now() - started) / 1000);
      endSpan(span, err);
    };
    const last = args[args.length - 1];
    if (typeof last === "function") {
      // callback style (pg's Pool.query hands its client a callback)
      args[args.length - 1] = (...cbArgs: unknown[]) => {
        done(cbArgs[0] ?? undefined);
        return Reflect.apply(last, undefined, cbArgs);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      return result.then(
        (v: unknown) => {
          done();
          return v;
        },
        (err: unknown) => {
          done(err);
          throw err;
        },
      );
    }
    return result;
  });
}

export function openDb(opts: DbOptions): DbHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on("error", (err) => logError("postgres pool error", err));
    pool.on("connect", (client) => timeMethod(client, "query", "postgres", undefined, true));
    // A waiting query gets its connection in the context of whoever released one: bind it to its caller's.
    bindCallbacks(pool, "connect");
    const db: Db = drizzlePg(pool, { schema });
    return { db, engine: "postgres", pool, close: () => pool.end() };
  }
  if (opts.dataDir) privateDataDir(path.resolve(opts.dataDir));
  return pgliteHandle(new RemotePGlite({ dataDir: opts.dataDir ? path.resolve(opts.dataDir, "pgdata") : undefined }));
}

/**
 * The embedded store holds password and token hashes and tenant logs: its directory is the owner's alone
 * (0700), files written from now on are 0600 (the process's umask; PGlite asks for 0666), and files an
 * earlier version left readable are made private.
 */
export function privateDataDir(dir: string) {
  process.umask(0o077);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) fs.chmodSync(p, st.mode & 0o700);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
  };
  walk(dir);
}

/** A handle over the embedded store's thread, with its statements timed for /api/metrics. */
export function pgliteHandle(pglite: RemotePGlite): DbHandle {
  timeMethod(pglite, "query", "pglite");
  timeMethod(pglite, "exec", "pglite", "other");
  timeMethod(pglite, "transaction", "pglite", "transaction");
  // RemotePGlite answers the calls drizzle's PGlite session makes (query, exec, transaction) from its thread.
  const embedded = drizzlePglite(pglite as never, { schema });
  return { db: embedded, embedded, engine: "pglite", pglite, close: () => pglite.close() };
}

declare global {
  var __opsConsoleDb: DbHandle | undefined;
}

/** The process-wide handle, opened on first use from the validated environment. */
export function dbHandle(): DbHandle {
  if (!globalThis.__opsConsoleDb) {
    const e = env();
    globalThis.__opsConsoleDb = openDb({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
  }
  return globalThis.__opsConsoleDb;
}

export function db(): Db {
  return dbHandle().db;
}

/** Replace the process-wide handle (tests, scripts). */
export function setDbHandle(handle: DbHandle | undefined) {
  globalThis.__opsConsoleDb = handle;
}
