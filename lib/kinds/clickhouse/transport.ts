// The two ways the console talks to ClickHouse, under one SQL text: chDB (the engine in this process,
// data in a directory) and a server, ClickHouse Cloud or a cluster over HTTP through @clickhouse/client.
// Statements carry `{name:Type}` placeholders and their values travel apart from the text, bound by the
// engine (chDB's queryBindAsync, the HTTP interface's `param_*`). Both packages are loaded only when the
// log store is ClickHouse: chDB is ~550 MB of engine the default start never touches.
import "server-only";
import { observeLogStore } from "@/lib/telemetry/metrics";
import { errorMessage } from "@/lib/http/errors";
import { inSpan, withTraceHeaders } from "@/lib/telemetry/tracing";

export type Params = Record<string, unknown>;
export type ClickHouseEngine = "chdb" | "clickhouse";

export interface ClickHouseTransport {
  readonly engine: ClickHouseEngine;
  /** Rows of a SELECT (the statement names no FORMAT). */
  rows<T>(op: string, query: string, params?: Params): Promise<T[]>;
  /** A SELECT's one column as raw text, one row per line (TabSeparatedRaw: nothing escaped). */
  text(op: string, query: string, params?: Params): Promise<string>;
  /** A statement without a result (DDL, ALTER). */
  exec(op: string, query: string, params?: Params): Promise<void>;
  /** Rows (values in `columns` order) into a table as JSONCompactEachRow: data, never SQL text. */
  insert(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  close(): Promise<void>;
}

/**
 * One statement: timed for /api/metrics, and a span under the active one ("clickhouse <op>", never its text),
 * active while it runs so a server request carries its `traceparent`.
 */
async function timed<T>(engine: ClickHouseEngine, op: string, run: () => Promise<T>, table?: string): Promise<T> {
  const started = performance.now();
  try {
    return await inSpan(
      table ? `clickhouse ${op} ${table}` : `clickhouse ${op}`,
      {
        "db.system": "clickhouse",
        "db.operation.name": op,
        ...(table ? { "db.collection.name": table } : {}),
        "ops.db_engine": engine,
      },
      run,
    );
  } finally {
    observeLogStore(engine, op, (performance.now() - started) / 1000);
  }
}

const ndjson = (rows: readonly unknown[][]) => rows.map((r) => JSON.stringify(r)).join("\n");

function parseRows<T>(text: string): T[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as T);
}

export type ChdbSession = {
  queryBindAsync(q: string, params: object, opts?: { format?: string }): Promise<{ text(): string }>;
  insert(p: {
    table: string;
    values: Buffer;
    format: "JSONCompactEachRow";
    columns?: readonly string[];
  }): Promise<unknown>;
  close(): void;
};

declare global {
  var __opsConsoleChdb: { path: string; session: Promise<ChdbSession> } | undefined;
}

/** chDB allows one data directory per process: one session, shared by every store of the process. */
export function chdbSession(dir: string): Promise<ChdbSession> {
  if (globalThis.__opsConsoleChdb && globalThis.__opsConsoleChdb.path !== dir) {
    throw new Error(
      `chDB is open on ${globalThis.__opsConsoleChdb.path}; one process holds one chDB data directory (asked for ${dir}).`,
    );
  }
  globalThis.__opsConsoleChdb ??= {
    path: dir,
    session: (async () => {
      let mod: { Session: new (path: string) => ChdbSession };
      try {
        // A variable specifier: bundlers leave the optional native package to Node at run time.
        const name = "chdb";
        mod = (await import(/* webpackIgnore: true */ name)) as typeof mod;
      } catch (err) {
        throw new Error(
          `LOG_STORE=chdb needs the optional package chdb (npm install chdb; ~550 MB with its engine): ${errorMessage(err)}`,
        );
      }
      const fs = await import("node:fs");
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      return new mod.Session(dir);
    })(),
  };
  return globalThis.__opsConsoleChdb.session;
}

export function chdbTransport(dir: string): ClickHouseTransport {
  const session = chdbSession(dir);
  const run = async (query: string, params: Params, format: string) =>
    (await (await session).queryBindAsync(query, params, { format })).text();
  return {
    engine: "chdb",
    rows: (op, query, params = {}) => timed("chdb", op, async () => parseRows(await run(query, params, "JSONEachRow"))),
    text: (op, query, params = {}) => timed("chdb", op, () => run(query, params, "TabSeparatedRaw")),
    exec: (op, query, params = {}) => timed("chdb", op, async () => void (await run(query, params, "TabSeparated"))),
    insert: (table, columns, rows) =>
      timed(
        "chdb",
        "insert",
        async () => {
          if (rows.length)
            await (
              await session
            ).insert({ table, columns, values: Buffer.from(ndjson(rows)), format: "JSONCompactEachRow" });
        },
        table,
      ),
    // The session lives as long as the process: chDB cannot reopen a directory in the same process soon after.
    close: async () => {},
  };
}

export interface ServerOptions {
  url: string;
  username?: string;
  password?: string;
}

type ServerClient = {
  query(p: {
    query: string;
    query_params?: Params;
    format: string;
    http_headers?: Record<string, string>;
  }): Promise<{ text(): Promise<string> }>;
  command(p: { query: string; query_params?: Params; http_headers?: Record<string, string> }): Promise<unknown>;
  insert(p: {
    table: string;
    values: readonly unknown[][];
    columns?: readonly string[];
    format: "JSONCompactEachRow";
    http_headers?: Record<string, string>;
  }): Promise<unknown>;
  close(): Promise<void>;
};

export function serverTransport(opts: ServerOptions): ClickHouseTransport {
  const client = (async () => {
    const name = "@clickhouse/client";
    const { createClient } = (await import(/* webpackIgnore: true */ name)) as {
      createClient(o: object): ServerClient;
    };
    return createClient({
      url: opts.url,
      username: opts.username ?? "default",
      password: opts.password ?? "",
      request_timeout: 60_000,
      // Inserts return when their parts are written: a batch is visible to the next read, as the API promises.
      clickhouse_settings: { async_insert: 0, wait_end_of_query: 1 },
    });
  })();
  const run = async (query: string, params: Params, format: string) =>
    (await (await client).query({ query, query_params: params, format, http_headers: withTraceHeaders({}) })).text();
  return {
    engine: "clickhouse",
    rows: (op, query, params = {}) =>
      timed("clickhouse", op, async () => parseRows(await run(query, params, "JSONEachRow"))),
    text: (op, query, params = {}) => timed("clickhouse", op, () => run(query, params, "TabSeparatedRaw")),
    exec: (op, query, params = {}) =>
      timed(
        "clickhouse",
        op,
        async () =>
          void (await (await client).command({ query, query_params: params, http_headers: withTraceHeaders({}) })),
      ),
    insert: (table, columns, rows) =>
      timed(
        "clickhouse",
        "insert",
        async () => {
          if (rows.length)
            await (
              await client
            ).insert({
              table,
              columns,
              values: rows,
              format: "JSONCompactEachRow",
              http_headers: withTraceHeaders({}),
            });
        },
        table,
      ),
    close: async () => (await client).close(),
  };
}
