-- Investigation: platform logs (their own partitioned table, apart from tenant logs; day partitions
-- through ops_console_log_partition like log_lines), change events, and request/trace indexes for
-- correlation.
CREATE TABLE "changes" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"service" text NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"summary" text NOT NULL,
	"ref" text,
	"url" text,
	"actor" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"org_id" text,
	"app_id" text,
	"env_id" text,
	"freeze_violation" boolean DEFAULT false NOT NULL,
	"freeze_incidents" text[] DEFAULT '{}'::text[] NOT NULL,
	"posted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_log_lines" (
	"id" bigserial NOT NULL,
	"ts" timestamp (6) with time zone NOT NULL,
	"component" text NOT NULL,
	"region" text NOT NULL,
	"node_id" text NOT NULL,
	"host_id" text,
	"level" text NOT NULL,
	"message" text NOT NULL,
	"request_id" text,
	"trace_id" text,
	"error_class" text,
	"org_id" text,
	"app_id" text,
	"env_id" text,
	"instance_id" text,
	"route_id" text,
	"release_id" text,
	"attrs" jsonb,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "platform_log_sources" (
	"component" text NOT NULL,
	"region" text NOT NULL,
	"node_id" text NOT NULL,
	"host_id" text DEFAULT '' NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "platform_log_sources_component_region_node_id_host_id_pk" PRIMARY KEY("component","region","node_id","host_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "changes_external_id_key" ON "changes" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "changes_started_idx" ON "changes" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "changes_service_started_idx" ON "changes" USING btree ("service","started_at");--> statement-breakpoint
CREATE INDEX "changes_org_started_idx" ON "changes" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "platform_log_lines_scope_idx" ON "platform_log_lines" USING btree ("component","region","ts" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "platform_log_lines_ts_idx" ON "platform_log_lines" USING btree ("ts" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "platform_log_lines_node_idx" ON "platform_log_lines" USING btree ("node_id","ts","id");--> statement-breakpoint
CREATE INDEX "platform_log_lines_id_idx" ON "platform_log_lines" USING btree ("id");--> statement-breakpoint
CREATE INDEX "platform_log_lines_request_idx" ON "platform_log_lines" USING btree ("request_id","ts") WHERE request_id is not null;--> statement-breakpoint
CREATE INDEX "platform_log_lines_trace_idx" ON "platform_log_lines" USING btree ("trace_id","ts") WHERE trace_id is not null;--> statement-breakpoint
CREATE INDEX "platform_log_sources_seen_idx" ON "platform_log_sources" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "log_lines_request_idx" ON "log_lines" USING btree ("org_id","request_id","ts") WHERE request_id is not null;--> statement-breakpoint
CREATE INDEX "log_lines_trace_idx" ON "log_lines" USING btree ("org_id","trace_id","ts") WHERE trace_id is not null;