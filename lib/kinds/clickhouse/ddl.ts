// A kind's ClickHouse table made to match its declaration (the table, on a cluster its shards' tables and
// the Distributed table over them, and a TTL that follows the retention setting), and its retention.
import type { Env } from "@/lib/env";
import type { KindDecl } from "../declare";
import { LOG_INDEXES, TIME, columnsOf, localTable, onCluster, tableBinder, type ClickHouseTarget } from "./sql";

/** Creates a kind's table (and on a cluster its shards' tables and the Distributed table); keeps the TTL at the retention setting. */
export async function migrateTable(kind: KindDecl, target: ClickHouseTarget, e: Env): Promise<void> {
  const { database, cluster } = target;
  const ch = target.transport;
  const local = localTable(kind, target);
  const on = onCluster(target);
  const binder = (table = kind.table) => tableBinder(target, table);
  const retentionDays = kind.retentionDays(e);
  const base = binder();
  await ch.exec("ddl", `CREATE DATABASE IF NOT EXISTS {db:Identifier}${on}`, base.params);
  const b = binder(local);
  const columns = [
    `id UInt64 CODEC(Delta, ZSTD(1))`,
    `ts ${TIME} CODEC(Delta, ZSTD(1))`,
    ...columnsOf(kind).map(([c, t]) => `${c} ${t}`),
    ...LOG_INDEXES.map((i) => `INDEX ${i}`),
  ];
  const engine = cluster ? "ReplicatedMergeTree" : "MergeTree";
  const ttl = `toDateTime(ts) + INTERVAL ${b.bind(retentionDays, "UInt16")} DAY`;
  await ch.exec(
    "ddl",
    `CREATE TABLE IF NOT EXISTS {db:Identifier}.{table:Identifier}${on} (${columns.join(", ")})
     ENGINE = ${engine} PARTITION BY toDate(ts) ORDER BY ${kind.clickhouse.orderBy} TTL ${ttl}
     SETTINGS ttl_only_drop_parts = 1`,
    b.params,
  );
  if (cluster) {
    const d = binder();
    d.params.local = local;
    await ch.exec(
      "ddl",
      `CREATE TABLE IF NOT EXISTS {db:Identifier}.{table:Identifier}${on} AS {db:Identifier}.{local:Identifier}
       ENGINE = Distributed(${d.bind(cluster, "String")}, ${d.bind(database, "String")}, ${d.bind(local, "String")}, ${kind.clickhouse.shardBy})`,
      d.params,
    );
  }
  // The retention setting may have changed since the table was made: the TTL follows it (whole parts drop).
  const t = binder();
  const [row] = await ch.rows<{ q: string }>(
    "ddl",
    `SELECT create_table_query AS q FROM system.tables WHERE database = ${t.bind(database, "String")} AND name = ${t.bind(local, "String")}`,
    t.params,
  );
  const current = /INTERVAL (\d+) DAY/.exec(row?.q ?? "")?.[1];
  if (current && Number(current) !== retentionDays) {
    const m = binder(local);
    await ch.exec(
      "ddl",
      `ALTER TABLE {db:Identifier}.{table:Identifier}${on} MODIFY TTL toDateTime(ts) + INTERVAL ${m.bind(retentionDays, "UInt16")} DAY SETTINGS materialize_ttl_after_modify = 0`,
      m.params,
    );
  }
}

/** Retention: drops a kind's whole day partitions that end on or before `day`; their names as Postgres names them. */
export async function dropPartitionsBefore(
  kind: Pick<KindDecl, "table">,
  target: ClickHouseTarget,
  day: Date,
): Promise<string[]> {
  const local = localTable(kind, target);
  const b = tableBinder(target, kind.table);
  const parts = await target.transport.rows<{ partition: string }>(
    "retention",
    `SELECT DISTINCT partition FROM system.parts WHERE database = ${b.bind(target.database, "String")} AND table = ${b.bind(local, "String")} AND active AND partition < ${b.bind(day.toISOString().slice(0, 10), "String")} ORDER BY partition`,
    b.params,
  );
  for (const { partition } of parts) {
    const d = tableBinder(target, local);
    await target.transport.exec(
      "retention",
      `ALTER TABLE {db:Identifier}.{table:Identifier}${onCluster(target)} DROP PARTITION ${d.bind(partition, "String")}`,
      d.params,
    );
  }
  return parts.map((p) => `${kind.table}_p${p.partition.replace(/-/g, "")}`);
}
