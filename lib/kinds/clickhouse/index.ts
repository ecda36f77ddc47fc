// Start-up and readiness of the ClickHouse log store (LOG_STORE=chdb or clickhouse): its tables are
// created by `npm run db:migrate` and at server start, and /api/v1/ready fails while it cannot answer.
import "server-only";
import { env, type Env } from "@/lib/env";
import { ApiError, errorMessage } from "@/lib/http/errors";
import { KINDS } from "../registry";
import { ClickHouseLogTable } from "./table";
import { clickhouseTarget, storeFor } from "./target";
import { migrateSpanTables } from "@/lib/traces/clickhouse";

export type LogStoreEngine = "postgres" | "chdb" | "clickhouse";

/** The kinds' stores that live in ClickHouse (none with LOG_STORE=postgres): the ones requests use. */
function tables(e: Env) {
  if (!clickhouseTarget(e)) return [];
  return KINDS.map((k) => storeFor(k, e)).flatMap((s) => (s instanceof ClickHouseLogTable ? [s] : []));
}

/** Creates the log tables and the trace spans' in ClickHouse (idempotent); nothing for LOG_STORE=postgres (the migrations hold them). */
export async function migrateLogStore(e: Env = env()): Promise<LogStoreEngine> {
  for (const t of tables(e)) await t.migrate(e);
  const target = clickhouseTarget(e);
  if (target && !target.cluster) await migrateSpanTables(target, e);
  return clickhouseTarget(e)?.transport.engine ?? "postgres";
}

/** Which engine holds the logs; throws a 503 when it cannot answer. */
export async function logStoreReadiness(): Promise<LogStoreEngine> {
  const target = clickhouseTarget();
  if (!target) return "postgres";
  try {
    for (const t of tables(env())) await t.ready();
  } catch (err) {
    throw new ApiError(
      "unavailable",
      `The log store (${target.transport.engine}) is not reachable: ${errorMessage(err)
        .replace(/\n[\s\S]*/, "")
        .slice(0, 300)}`,
    );
  }
  return target.transport.engine;
}
