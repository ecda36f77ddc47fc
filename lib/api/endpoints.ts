// Every /api/v1 endpoint, for the OpenAPI document and the route coverage test.
import type { Endpoint } from "@/lib/http/endpoint";
import * as system from "./system-contract";
import * as identity from "@/lib/auth/contract";
import * as audit from "@/lib/audit/contract";
import * as logs from "@/lib/logs/contract";
import { KINDS } from "@/lib/kinds/registry";
import { kindEndpoints } from "@/lib/kinds/endpoints";
import * as orgs from "@/lib/orgs/contract";
import * as incidents from "@/lib/incidents/contract";
import * as alerts from "@/lib/alerts/contract";
import * as runbooks from "@/lib/runbooks/contract";
import * as metrics from "@/lib/metrics/contract";
import * as handoffs from "@/lib/handoffs/contract";
import * as changes from "@/lib/changes/contract";
import * as events from "@/lib/events/contract";
import * as traces from "@/lib/traces/contract";
import * as correlate from "@/lib/correlate/contract";
import * as oncall from "@/lib/oncall/contract";
import * as escalation from "@/lib/escalation/contract";
import * as status from "@/lib/status/contract";
import * as maintenance from "@/lib/maintenance/contract";
import * as teams from "@/lib/teams/contract";
import * as catalog from "@/lib/catalog/contract";
import * as postmortems from "@/lib/postmortems/contract";
import * as insights from "@/lib/insights/contract";

function collect(...modules: Record<string, unknown>[]): Endpoint[] {
  return modules.flatMap((m) =>
    Object.values(m).filter(
      (v): v is Endpoint => typeof v === "object" && v !== null && "method" in v && "path" in v && "response" in v,
    ),
  );
}

export const ENDPOINTS: Endpoint[] = collect(
  system,
  identity,
  audit,
  logs,
  ...KINDS.map(kindEndpoints),
  correlate,
  changes,
  events,
  traces,
  orgs,
  incidents,
  postmortems,
  insights,
  alerts,
  metrics,
  runbooks,
  handoffs,
  oncall,
  escalation,
  status,
  maintenance,
  teams,
  catalog,
);
