-- Escalation: when each firing began (the clock), how people are reached, and every step taken.
CREATE TABLE "alert_escalations" (
	"id" text PRIMARY KEY NOT NULL,
	"alert_id" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"step" integer NOT NULL,
	"layer" text NOT NULL,
	"user_id" text,
	"channel" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"user_id" text PRIMARY KEY NOT NULL,
	"contact" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "fired_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_escalations" ADD CONSTRAINT "alert_escalations_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_escalations" ADD CONSTRAINT "alert_escalations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_escalations_step_key" ON "alert_escalations" USING btree ("alert_id","fired_at","step");--> statement-breakpoint
CREATE INDEX "alert_escalations_status_idx" ON "alert_escalations" USING btree ("status","claimed_at");