// Which ClickHouse the log stores use, from the environment: none (LOG_STORE=postgres), chDB in
// CHDB_PATH (default DATA_DIR/logs), or a server at CLICKHOUSE_URL. One transport per configuration,
// and one store per log table: in ClickHouse, or the Postgres table beside it.
import "server-only";
import { dbHandle } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { PartitionedLogTable, type LogRecordBase, type LogStore, type SelectorBase } from "../partitioned";
import { ClickHouseLogTable, type ClickHouseSpec, type ClickHouseTarget } from "./table";
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

const stores = globalThis as unknown as { __opsConsoleLogStores?: Map<string, { handle: unknown | null; target: ClickHouseTarget | null; store: LogStore<never, LogRecordBase, never> }> };

/**
 * The process's store for a log table: in ClickHouse when the settings name one, else its Postgres table.
 * Rebuilt when the log store changes, and a Postgres table also when the database handle does (it
 * remembers the partitions it made; between test files the handle changes). A ClickHouse store reaches
 * the console's database only when it writes, so choosing one (a migration) opens no database.
 */
export function logStoreFor<Sel extends SelectorBase, Line extends LogRecordBase, Entry>(spec: ClickHouseSpec<Sel, Line, Entry>, e: Env = env()): LogStore<Sel, Line, Entry> {
  const target = clickhouseTarget(e);
  const handle = target ? null : dbHandle();
  const cache = (stores.__opsConsoleLogStores ??= new Map());
  const hit = cache.get(spec.table);
  if (hit?.handle === handle && hit.target === target) return hit.store as unknown as LogStore<Sel, Line, Entry>;
  const store = target ? new ClickHouseLogTable(spec, target) : new PartitionedLogTable(spec.pg);
  cache.set(spec.table, { handle, target, store: store as unknown as LogStore<never, LogRecordBase, never> });
  return store;
}
