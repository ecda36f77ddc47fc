CREATE TABLE "maintenance_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"number" serial NOT NULL,
	"kind" text NOT NULL,
	"services" jsonb NOT NULL,
	"regions" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"description" text NOT NULL,
	"rollback_plan" text DEFAULT '' NOT NULL,
	"approved_by" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"hold_ended_at" timestamp with time zone,
	"hold_ended_reason" text
);
--> statement-breakpoint
CREATE TABLE "service_catalog" (
	"version" integer PRIMARY KEY NOT NULL,
	"entries" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"work_start_hour" integer DEFAULT 9 NOT NULL,
	"work_end_hour" integer DEFAULT 17 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "oncall_overrides_window_idx";--> statement-breakpoint
DROP INDEX "alert_escalations_step_key";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "severity" text DEFAULT 'low' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "team" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "owner_gap" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "held_by" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "clock_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "maintenance_id" text;--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD COLUMN "team" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "oncall_schedules" ADD COLUMN "team" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "oncall_schedules" DROP CONSTRAINT "oncall_schedules_pkey";--> statement-breakpoint
ALTER TABLE "oncall_schedules" ADD CONSTRAINT "oncall_schedules_team_version_pk" PRIMARY KEY("team","version");--> statement-breakpoint
ALTER TABLE "alert_escalations" ADD COLUMN "recipient" text DEFAULT 'step' NOT NULL;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_catalog" ADD CONSTRAINT "service_catalog_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_windows_number_key" ON "maintenance_windows" USING btree ("number");--> statement-breakpoint
-- The platform team owns today's rotation and every service without an owner.
INSERT INTO "teams" ("id", "name") VALUES ('platform', 'Platform') ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Alerts kept before severities: theirs from their labels, as the intake maps them now.
UPDATE "alerts" SET "severity" = CASE
    WHEN upper("labels"->>'priority') = 'P0' THEN 'critical'
    WHEN upper("labels"->>'priority') = 'P1' THEN 'high'
    WHEN upper("labels"->>'priority') = 'P2' THEN 'medium'
    WHEN upper("labels"->>'priority') = 'P3' THEN 'low'
    WHEN lower("labels"->>'severity') IN ('page', 'critical') THEN 'critical'
    WHEN lower("labels"->>'severity') IN ('error', 'high') THEN 'high'
    WHEN lower("labels"->>'severity') IN ('warning', 'warn', 'medium') THEN 'medium'
    ELSE 'low'
  END;--> statement-breakpoint
CREATE INDEX "maintenance_windows_time_idx" ON "maintenance_windows" USING btree ("starts_at","ends_at");--> statement-breakpoint
ALTER TABLE "oncall_overrides" ADD CONSTRAINT "oncall_overrides_team_teams_id_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_schedules" ADD CONSTRAINT "oncall_schedules_team_teams_id_fk" FOREIGN KEY ("team") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("status","acked_at");--> statement-breakpoint
CREATE INDEX "oncall_overrides_window_idx" ON "oncall_overrides" USING btree ("team","layer","starts_at","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_escalations_step_key" ON "alert_escalations" USING btree ("alert_id","fired_at","step","recipient");