// A kind's Postgres tables, from its declaration: the lines, range-partitioned by day on ts (partitions are
// made at ingest and dropped by retention through migration 0007's functions, which take any table named
// `*log_lines`), the indexes its reads use, and the pickers' sources table. A new kind's migration is this
// text (`npx tsx scripts/kind-ddl.ts <kind>`); the ClickHouse tables are made by the store itself.
import { sourceFields, type KindDecl } from "./declare";

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const cols = (names: string[], suffix = "") => names.map((n) => `${q(n)}${suffix}`).join(",");

/** The statements that create a kind's tables, in order, each one statement. */
export function postgresDDL(kind: KindDecl): string[] {
  if (!/log_lines$/.test(kind.table))
    throw new Error(`${kind.name}: a kind's table must end in log_lines (the partition functions take only those)`);
  const t = kind.table;
  const scope = kind.scope ? [kind.scope.field] : [];
  const columns = [
    `${q("id")} bigserial NOT NULL`,
    `${q("ts")} timestamp (6) with time zone NOT NULL`,
    ...kind.fields.map((f) => `${q(f.key)} text${f.required ? " NOT NULL" : ""}`),
    `${q("attrs")} jsonb`,
    `${q("ingested_at")} timestamp with time zone DEFAULT now() NOT NULL`,
  ];
  const sources = sourceFields(kind).map((f) => f.key);
  const index = (name: string, on: string, where = "") =>
    `CREATE INDEX ${q(`${t}_${name}_idx`)} ON ${q(t)} USING btree (${on})${where}`;
  const newest = `${q("ts")} DESC NULLS LAST,${q("id")} DESC NULLS LAST`;
  return [
    `CREATE TABLE ${q(t)} (\n\t${columns.join(",\n\t")}\n) PARTITION BY RANGE (${q("ts")})`,
    // Newest first within the scope and its first filters; within the scope alone; a line's neighbours; tails by id.
    ...(sources.length > scope.length
      ? [index("scope", `${cols([...new Set([...scope, ...sources])].slice(0, scope.length + 2))},${newest}`)]
      : []),
    index("ts", `${cols(scope)}${scope.length ? "," : ""}${newest}`),
    index("near", cols([...scope, kind.near, "ts", "id"])),
    index("id", cols([...scope, "id"])),
    ...["request_id", "trace_id"].map((c) =>
      index(c.replace("_id", ""), cols([...scope, c, "ts"]), ` WHERE ${c} is not null`),
    ),
    `CREATE TABLE ${q(kind.sources)} (\n\t${[...sources.map((s) => `${q(s)} text NOT NULL`), `${q("first_seen")} timestamp with time zone NOT NULL`, `${q("last_seen")} timestamp with time zone NOT NULL`, `CONSTRAINT ${q(`${kind.sources}_pk`)} PRIMARY KEY(${cols(sources)})`].join(",\n\t")}\n)`,
    `CREATE INDEX ${q(`${kind.sources}_seen_idx`)} ON ${q(kind.sources)} USING btree (${cols([...scope, "last_seen"])})`,
  ];
}
