// The embedded store on its own thread (lib/db/pglite-worker.mjs), seen from the web thread as the
// part of PGlite's interface that drizzle and the console use: query, exec, transaction, listen,
// dumpDataDir, close. Statements still run one at a time (PGlite has one connection), first come first
// served — but while one runs, this thread keeps serving requests, parsing, rendering and streaming.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { tracedStatement } from "@/lib/telemetry/tracing";
import { currentPriority } from "./priority";

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type QueryOptions = { rowMode?: "array" | "object"; parsers?: Record<number, unknown> };
export interface Results<T = Record<string, unknown>> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface Client {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
}

/** An error from the worker with Postgres's fields (code, detail, constraint, …) back on it. */
function revive(e: Record<string, unknown>): Error {
  const { message, ...fields } = e;
  const err = Object.assign(new Error(String(message)), fields);
  err.name = String(e.name ?? "Error");
  return err;
}

/** What the worker posts: a notification on a channel, or the answer to one call. */
type WorkerMessage =
  | { op: "notify"; channel: string; payload?: string }
  | { op?: undefined; id: number; ok?: boolean; result?: unknown; error?: Record<string, unknown> };

const WORKER_FILE = () => path.join(process.cwd(), "lib/db/pglite-worker.mjs");

export class RemotePGlite implements Client {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private closed = false;

  /** `dataDir` on disk, `loadDataDir` a dump to start from, neither: in memory. */
  constructor(opts: { dataDir?: string; loadDataDir?: ArrayBuffer } = {}) {
    this.worker = new Worker(WORKER_FILE(), {
      workerData: opts,
      transferList: opts.loadDataDir ? [opts.loadDataDir] : [],
    });
    this.worker.on("message", (msg: WorkerMessage) => {
      if (msg.op === "notify") {
        for (const fn of this.listeners.get(msg.channel) ?? []) fn(msg.payload ?? "");
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(revive(msg.error ?? { message: "unknown error" }));
    });
    this.worker.on("error", (err) => this.failAll(err));
    this.worker.on("exit", (code) => this.failAll(new Error(`the embedded database thread stopped (exit ${code})`)));
  }

  private failAll(err: unknown) {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call<T>(msg: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the embedded database is closed"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, id, priority: currentPriority() });
    });
  }

  private client(tx?: number): Client {
    return {
      // drizzle's parsers keep timestamps, dates and intervals as Postgres's text: the worker does the same for those types.
      // Each statement is a span under the active one (in a transaction too): ../telemetry/tracing.
      query: <T>(sql: string, params: unknown[] = [], options: QueryOptions = {}) =>
        tracedStatement("pglite", sql, () =>
          this.call<Results<T>>({
            op: "query",
            sql,
            params,
            rowMode: options.rowMode,
            rawTypes: Object.keys(options.parsers ?? {}).map(Number),
            tx,
          }),
        ),
      exec: (sql: string) => tracedStatement("pglite", sql, () => this.call<Results[]>({ op: "exec", sql, tx })),
    };
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.client().query<T>(sql, params, options);
  }

  exec(sql: string): Promise<Results[]> {
    return this.client().exec(sql);
  }

  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: Client & { rollback(): Promise<void> }) => Promise<T>): Promise<T> {
    const tx = await this.call<number>({ op: "begin" });
    let ended = false;
    const end = async (commit: boolean) => {
      if (ended) return;
      ended = true;
      await this.call({ op: "end", tx, commit });
    };
    try {
      const result = await fn({ ...this.client(tx), rollback: () => end(false) });
      await end(true);
      return result;
    } catch (err) {
      await end(false).catch(() => {});
      throw err;
    }
  }

  /** LISTEN on `channel`; resolves once the database listens. Returns the unsubscribe function. */
  async listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    await this.call({ op: "listen", channel });
    return async () => {
      set.delete(fn);
      if (!set.size) {
        this.listeners.delete(channel);
        await this.call({ op: "unlisten", channel }).catch(() => {});
      }
    };
  }

  async dumpDataDir(compression: "none" | "gzip" | "auto" = "none"): Promise<Blob> {
    const bytes = await this.call<Uint8Array>({ op: "dump", compression });
    return new Blob([new Uint8Array(bytes)]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call({ op: "close" }).catch(() => {});
    this.closed = true;
    await this.worker.terminate();
  }
}
