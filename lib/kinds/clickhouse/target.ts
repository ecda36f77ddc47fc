// Which ClickHouse the log stores use, from the environment: none (LOG_STORE=postgres), chDB in
// CHDB_PATH (default DATA_DIR/logs), or a server at CLICKHOUSE_URL. One transport per configuration,
// and one store per kind: in ClickHouse, or its Postgres table.
import "server-only";
import { dbHandle } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { PostgresLogTable } from "../postgres";
import type { KindDecl, LineBase, LineOf } from "../declare";
import type { LogStore } from "../store";
import { ClickHouseLogTable } from "./table";
import type { ClickHouseTarget } from "./sql";
import { chdbTransport, serverTransport, type ClickHouseTransport } from "./transport";

declare global {
  var __opsConsoleClickHouse: { env: Env; key: string; target: ClickHouseTarget | null } | undefined;
}

/** The process's ClickHouse (every store call asks: the same settings answer from memory). */
export function clickhouseTarget(e: Env = env()): ClickHouseTarget | null {
  const cached = globalThis.__opsConsoleClickHouse;
  if (cached?.env === e) return cached.target;
  const dir = e.CHDB_PATH ?? `${e.DATA_DIR.replace(/\/+$/, "")}/logs`;
  const key = JSON.stringify([
    e.LOG_STORE,
    dir,
    e.CLICKHOUSE_URL,
    e.CLICKHOUSE_USER,
    e.CLICKHOUSE_PASSWORD,
    e.CLICKHOUSE_DATABASE,
    e.CLICKHOUSE_CLUSTER,
  ]);
  if (cached?.key === key) {
    cached.env = e;
    return cached.target;
  }
  void cached?.target?.transport.close();
  const transport = transportFor(e, dir);
  globalThis.__opsConsoleClickHouse = {
    env: e,
    key,
    target: transport && { transport, database: e.CLICKHOUSE_DATABASE, cluster: e.CLICKHOUSE_CLUSTER },
  };
  return globalThis.__opsConsoleClickHouse.target;
}

/** The settings' transport: none for Postgres, chDB in `dir`, or the server (whose URL the environment check requires). */
function transportFor(e: Env, dir: string): ClickHouseTransport | null {
  if (e.LOG_STORE === "postgres") return null;
  if (e.LOG_STORE === "chdb") return chdbTransport(dir);
  if (!e.CLICKHOUSE_URL) throw new Error("LOG_STORE=clickhouse needs CLICKHOUSE_URL");
  return serverTransport({ url: e.CLICKHOUSE_URL, username: e.CLICKHOUSE_USER, password: e.CLICKHOUSE_PASSWORD });
}

declare global {
  var __opsConsoleLogStores:
    Map<string, { handle: unknown | null; target: ClickHouseTarget | null; store: LogStore<LineBase> }> | undefined;
}

/**
 * The process's store for a kind: in ClickHouse when the settings name one, else its Postgres table.
 * Rebuilt when the log store changes, and a Postgres table also when the database handle does (it
 * remembers the partitions it made; between test files the handle changes). A ClickHouse store reaches
 * the console's database only when it writes, so choosing one (a migration) opens no database.
 */
export function storeFor<K extends KindDecl>(kind: K, e: Env = env()): LogStore<LineOf<K> & LineBase> {
  const target = clickhouseTarget(e);
  const handle = target ? null : dbHandle();
  const cache = (globalThis.__opsConsoleLogStores ??= new Map());
  const hit = cache.get(kind.table);
  if (hit?.handle === handle && hit.target === target) return hit.store as LogStore<LineOf<K> & LineBase>;
  const store = target
    ? new ClickHouseLogTable<LineOf<K> & LineBase>(kind, target)
    : new PostgresLogTable<LineOf<K> & LineBase>(kind);
  cache.set(kind.table, { handle, target, store });
  return store;
}
