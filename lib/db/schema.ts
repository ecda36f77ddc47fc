// The control-plane schema, one file per subject under lib/db/schema/: people, tenant orgs (with their apps
// and envs), API tokens, audit, tenant and platform logs, incidents, alerts, handoffs, limits, changes,
// on-call, escalation, routing (teams, the service catalog, maintenance windows), the platform's events, and postmortems.
// Value lists come from lib/vocabulary; the database layer imports no domain.
export * from "./schema/auth";
export * from "./schema/audit";
export * from "./schema/logs";
export * from "./schema/incidents";
export * from "./schema/alerts";
export * from "./schema/handoffs";
export * from "./schema/limits";
export * from "./schema/changes";
export * from "./schema/oncall";
export * from "./schema/escalation";
export * from "./schema/routing";
export * from "./schema/events";
export * from "./schema/postmortems";
