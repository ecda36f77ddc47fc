// Every telemetry kind the console keeps, in one list: retention, the ClickHouse setup and the
// statistics refresh walk it, so a new kind is added here once.
import { tenantLogs } from "@/lib/logs/kind";
import { platformLogs } from "@/lib/platform-logs/kind";
import type { KindDecl } from "./declare";

export const KINDS: readonly KindDecl[] = [tenantLogs, platformLogs];
