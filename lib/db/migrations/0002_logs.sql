-- Tenant logs: log_lines is range-partitioned by day on ts; partitions are created at ingest and
-- dropped by retention (lib/logs/store.ts, lib/logs/retention.ts).
CREATE TABLE "log_lines" (
	"id" bigserial NOT NULL,
	"ts" timestamp (6) with time zone NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"process_type" text NOT NULL,
	"instance_id" text NOT NULL,
	"release_id" text,
	"host_id" text,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"request_id" text,
	"trace_id" text,
	"attrs" jsonb,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "log_streams" (
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"process_type" text NOT NULL,
	"instance_id" text NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "log_streams_org_id_app_id_env_id_process_type_instance_id_pk" PRIMARY KEY("org_id","app_id","env_id","process_type","instance_id")
);
--> statement-breakpoint
CREATE INDEX "log_lines_scope_idx" ON "log_lines" USING btree ("org_id","app_id","env_id","ts" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "log_lines_org_ts_idx" ON "log_lines" USING btree ("org_id","ts" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "log_lines_instance_idx" ON "log_lines" USING btree ("org_id","instance_id","ts","id");--> statement-breakpoint
CREATE INDEX "log_lines_org_id_idx" ON "log_lines" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "log_streams_org_seen_idx" ON "log_streams" USING btree ("org_id","last_seen");