// Which ClickHouse the log stores use, from the environment: none (LOG_STORE=postgres), chDB in
// CHDB_PATH (default DATA_DIR/logs), or a server at CLICKHOUSE_URL. One transport per configuration,
// and one store per kind: in ClickHouse, or its Postgres table.
import "server-only";
import { dbHandle } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { PostgresLogTable } from "../postgres";
import type { KindDecl, LineBase, LineOf } from "../declare";
import type { LogStore } from "../store";
import { ClickHouseLogTable, type ClickHouseTarget } from "./table";
import { chdbTransport, serverTransport } from "./transport";

const g = globalThis as unknown as { __opsConsoleClickHouse?: { env: Env; key: string; target: ClickHouseTarget | null } };

/** The process's ClickHouse (every store call asks: the same settings answer from memory). */
export function clickhouseTarget(e: Env = env()): ClickHouseTarget | null {
  const cached = g.__opsConsoleClickHouse;
  if (cached?.env === e) return cached.target;
  const dir = e.CHDB_PATH ?? `${e.DATA_DIR.replace(/\/+$/, "")}/logs`;
  const key = JSON.stringify([e.LOG_STORE, dir, e.CLICKHOUSE_URL, e.CLICKHOUSE_USER, e.CLICKHOUSE_PASSWORD, e.CLICKHOUSE_DATABASE, e.CLICKHOUSE_CLUSTER]);
  if (cached?.key === key) {
    cached.env = e;
    return cached.target;
  }
  void cached?.target?.transport.close();
  const transport =
    e.LOG_STORE === "postgres" ? null : e.LOG_STORE === "chdb" ? chdbTransport(dir) : serverTransport({ url: e.CLICKHOUSE_URL!, username: e.CLICKHOUSE_USER, password: e.CLICKHOUSE_PASSWORD });
  g.__opsConsoleClickHouse = { env: e, key, target: transport && { transport, database: e.CLICKHOUSE_DATABASE, cluster: e.CLICKHOUSE_CLUSTER } };
  return g.__opsConsoleClickHouse.target;
}

const stores = globalThis as unknown as { __opsConsoleLogStores?: Map<string, { handle: unknown | null; target: ClickHouseTarget | null; store: LogStore<LineBase> }> };

/**
 * The process's store for a kind: in ClickHouse when the settings name one, else its Postgres table.
 * Rebuilt when the log store changes, and a Postgres table also when the database handle does (it
 * remembers the partitions it made; between test files the handle changes). A ClickHouse store reaches
 * the console's database only when it writes, so choosing one (a migration) opens no database.
 */
export function storeFor<K extends KindDecl>(kind: K, e: Env = env()): LogStore<LineOf<K> & LineBase> {
  const target = clickhouseTarget(e);
  const handle = target ? null : dbHandle();
  const cache = (stores.__opsConsoleLogStores ??= new Map());
  const hit = cache.get(kind.table);
  if (hit?.handle === handle && hit.target === target) return hit.store as LogStore<LineOf<K> & LineBase>;
  const store = target ? new ClickHouseLogTable<LineOf<K> & LineBase>(kind, target) : new PostgresLogTable<LineOf<K> & LineBase>(kind);
  cache.set(kind.table, { handle, target, store });
  return store;
}
