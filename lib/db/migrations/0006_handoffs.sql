CREATE TABLE "handoff_items" (
	"handoff_id" text NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"phase" text NOT NULL,
	"label" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"done_by" text,
	"done_at" timestamp with time zone,
	CONSTRAINT "handoff_items_handoff_id_key_pk" PRIMARY KEY("handoff_id","key")
);
--> statement-breakpoint
CREATE TABLE "handoff_summaries" (
	"handoff_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"summary" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handoff_summaries_handoff_id_incident_id_pk" PRIMARY KEY("handoff_id","incident_id")
);
--> statement-breakpoint
CREATE TABLE "handoff_templates" (
	"version" integer PRIMARY KEY NOT NULL,
	"items" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"id" text PRIMARY KEY NOT NULL,
	"outgoing_id" text NOT NULL,
	"incoming_id" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"template_version" integer NOT NULL,
	"shift_start" timestamp with time zone,
	"shift_end" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"acked_at" timestamp with time zone,
	"paging_test" jsonb
);
--> statement-breakpoint
ALTER TABLE "handoff_items" ADD CONSTRAINT "handoff_items_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_items" ADD CONSTRAINT "handoff_items_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_summaries" ADD CONSTRAINT "handoff_summaries_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_summaries" ADD CONSTRAINT "handoff_summaries_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_summaries" ADD CONSTRAINT "handoff_summaries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoff_templates" ADD CONSTRAINT "handoff_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_outgoing_id_users_id_fk" FOREIGN KEY ("outgoing_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_incoming_id_users_id_fk" FOREIGN KEY ("incoming_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_template_version_handoff_templates_version_fk" FOREIGN KEY ("template_version") REFERENCES "public"."handoff_templates"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handoffs_created_idx" ON "handoffs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "handoffs_people_idx" ON "handoffs" USING btree ("outgoing_id","incoming_id","status");--> statement-breakpoint
INSERT INTO "handoff_templates" ("version", "items") VALUES (1, '[
  {"key": "review-dashboards", "phase": "start", "label": "Review current status dashboard"},
  {"key": "review-incidents", "phase": "start", "label": "Review ongoing incidents and mitigations"},
  {"key": "review-tickets", "phase": "start", "label": "Review outstanding tickets created by alerts"},
  {"key": "confirm-paging", "phase": "start", "label": "Confirm paging system is reachable (phone, laptop, VPN)"},
  {"key": "handoff-investigations", "phase": "end", "label": "Hand off ongoing investigations with a short summary"},
  {"key": "timelines-current", "phase": "end", "label": "Ensure incident timelines are up to date"},
  {"key": "follow-up-tickets", "phase": "end", "label": "Open follow-up tickets for unfinished work"}
]'::jsonb);
