// Which ClickHouse the log stores use, from the environment: none (LOG_STORE=postgres), chDB in
// CHDB_PATH (default DATA_DIR/logs), or a server at CLICKHOUSE_URL. One transport per configuration.
import "server-only";
import { env, type Env } from "@/lib/env";
import type { ClickHouseTarget } from "./table";
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
