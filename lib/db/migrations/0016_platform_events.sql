-- Event ids are compared byte by byte (COLLATE "C"), as lib/events/rules.ts isLater compares them, in every
-- engine and locale: the latest event of a projection is the same wherever it is computed. The other ids
-- platform_events' indexes key on are collated "C" as well: a batch's walks down the indexes compare bytes,
-- not a locale's rules (equality, all the reads ask of them, is the same either way).
CREATE TABLE "platform_consumers" (
	"consumer" text PRIMARY KEY NOT NULL,
	"consumer_kind" text NOT NULL,
	"region" text NOT NULL,
	"applied_event_id" text COLLATE "C",
	"applied_ts" timestamp (3) with time zone,
	"error" text,
	"backoff_seconds" integer,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_desired" (
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"process_type" text NOT NULL,
	"release_id" text NOT NULL,
	"desired_instances" integer,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "platform_desired_org_id_app_id_env_id_process_type_pk" PRIMARY KEY("org_id","app_id","env_id","process_type")
);
--> statement-breakpoint
CREATE TABLE "platform_edge" (
	"route" text NOT NULL,
	"node_id" text NOT NULL,
	"region" text NOT NULL,
	"config_version" integer NOT NULL,
	"applied" boolean NOT NULL,
	"error" text,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "platform_edge_route_node_id_pk" PRIMARY KEY("route","node_id")
);
--> statement-breakpoint
CREATE TABLE "platform_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_id" text COLLATE "C" NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"region" text NOT NULL,
	"org_id" text COLLATE "C",
	"app_id" text COLLATE "C",
	"env_id" text COLLATE "C",
	"process_type" text,
	"release_id" text,
	"instance_id" text COLLATE "C",
	"host_id" text,
	"node_id" text,
	"route" text COLLATE "C",
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_health" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"passed" boolean NOT NULL,
	"check" jsonb,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_instances" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"process_type" text NOT NULL,
	"release_id" text,
	"host_id" text,
	"region" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"exit_code" integer,
	"resources" jsonb,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_routes" (
	"route" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"app_id" text NOT NULL,
	"env_id" text NOT NULL,
	"region" text NOT NULL,
	"bound" boolean NOT NULL,
	"backends" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"event_id" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "platform_events_event_id_key" ON "platform_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "platform_events_ts_idx" ON "platform_events" USING btree ("ts","event_id");--> statement-breakpoint
CREATE INDEX "platform_events_env_ts_idx" ON "platform_events" USING btree ("org_id","app_id","env_id","ts","event_id");--> statement-breakpoint
CREATE INDEX "platform_events_instance_ts_idx" ON "platform_events" USING btree ("instance_id","ts","event_id") WHERE instance_id is not null;--> statement-breakpoint
CREATE INDEX "platform_events_route_ts_idx" ON "platform_events" USING btree ("route","ts","event_id") WHERE route is not null;--> statement-breakpoint
CREATE INDEX "platform_events_kind_ts_idx" ON "platform_events" USING btree ("kind","ts","event_id");--> statement-breakpoint
CREATE INDEX "platform_events_failures_ts_idx" ON "platform_events" USING btree ("ts","event_id") WHERE kind in ('instance.failed', 'health_check.failed', 'edge.apply_failed');--> statement-breakpoint
CREATE INDEX "platform_instances_env_idx" ON "platform_instances" USING btree ("org_id","app_id","env_id","process_type");--> statement-breakpoint
CREATE INDEX "platform_routes_env_idx" ON "platform_routes" USING btree ("org_id","app_id","env_id");
--> statement-breakpoint
-- platform_events is append-only like audit_events: UPDATE and TRUNCATE are refused, and DELETE too except
-- through retention (PLATFORM_EVENT_RETENTION_DAYS), which runs the function below with its owner's rights.
CREATE FUNCTION platform_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('ops_console.platform_event_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'platform_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER platform_events_no_update BEFORE UPDATE OR DELETE ON platform_events
  FOR EACH ROW EXECUTE FUNCTION platform_events_append_only();
--> statement-breakpoint
CREATE TRIGGER platform_events_no_truncate BEFORE TRUNCATE ON platform_events
  FOR EACH STATEMENT EXECUTE FUNCTION platform_events_append_only();
--> statement-breakpoint
CREATE FUNCTION ops_console_drop_platform_events(before timestamptz) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  n bigint;
BEGIN
  PERFORM set_config('ops_console.platform_event_retention', 'on', true);
  DELETE FROM platform_events WHERE ts < before;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('ops_console.platform_event_retention', 'off', true);
  RETURN n;
END;
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ops_console_drop_platform_events(timestamptz) FROM PUBLIC;
