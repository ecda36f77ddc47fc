CREATE TABLE "postmortem_approvals" (
	"postmortem_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"version" integer NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postmortem_approvals_postmortem_id_reviewer_id_version_pk" PRIMARY KEY("postmortem_id","reviewer_id","version")
);
--> statement-breakpoint
CREATE TABLE "postmortem_corrections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"postmortem_id" text NOT NULL,
	"section" text NOT NULL,
	"body" text NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postmortem_reminders" (
	"id" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"reason" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"user_id" text,
	"status" text NOT NULL,
	"channel" text,
	"detail" text DEFAULT '' NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postmortem_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"postmortem_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"author_id" text,
	"changed" text[] NOT NULL,
	"sections" jsonb NOT NULL,
	"review_meeting_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postmortems" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"owner_id" text,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"review_meeting_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
CREATE TABLE "runbook_exercises" (
	"id" text PRIMARY KEY NOT NULL,
	"runbook" text NOT NULL,
	"setting" text NOT NULL,
	"incident_id" text,
	"by_id" text,
	"at" timestamp with time zone NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "postmortem_approvals" ADD CONSTRAINT "postmortem_approvals_postmortem_id_postmortems_id_fk" FOREIGN KEY ("postmortem_id") REFERENCES "public"."postmortems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_approvals" ADD CONSTRAINT "postmortem_approvals_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_corrections" ADD CONSTRAINT "postmortem_corrections_postmortem_id_postmortems_id_fk" FOREIGN KEY ("postmortem_id") REFERENCES "public"."postmortems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_corrections" ADD CONSTRAINT "postmortem_corrections_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_reminders" ADD CONSTRAINT "postmortem_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_versions" ADD CONSTRAINT "postmortem_versions_postmortem_id_postmortems_id_fk" FOREIGN KEY ("postmortem_id") REFERENCES "public"."postmortems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_versions" ADD CONSTRAINT "postmortem_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runbook_exercises" ADD CONSTRAINT "runbook_exercises_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runbook_exercises" ADD CONSTRAINT "runbook_exercises_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postmortem_corrections_idx" ON "postmortem_corrections" USING btree ("postmortem_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortem_reminders_key" ON "postmortem_reminders" USING btree ("subject","reason","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortem_versions_key" ON "postmortem_versions" USING btree ("postmortem_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortems_incident_key" ON "postmortems" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "postmortems_status_idx" ON "postmortems" USING btree ("status");--> statement-breakpoint
CREATE INDEX "runbook_exercises_idx" ON "runbook_exercises" USING btree ("runbook","at");--> statement-breakpoint
CREATE INDEX "follow_ups_due_idx" ON "follow_ups" USING btree ("status","due");--> statement-breakpoint
CREATE INDEX "incidents_declared_idx" ON "incidents" USING btree ("declared_at");--> statement-breakpoint
CREATE INDEX "timeline_customer_updates_idx" ON "timeline_entries" USING btree ("incident_id","occurred_at") WHERE "timeline_entries"."kind" = 'status_update' and "timeline_entries"."data"->>'audience' = 'customer';--> statement-breakpoint
CREATE INDEX "alerts_fired_idx" ON "alerts" USING btree ("fired_at");--> statement-breakpoint
CREATE INDEX "alerts_incident_idx" ON "alerts" USING btree ("incident_id");--> statement-breakpoint
-- A postmortem's versions and corrections are append-only; a published postmortem is immutable (its
-- corrections are new rows), as the timeline is.
CREATE FUNCTION postmortem_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER postmortem_versions_no_update BEFORE UPDATE OR DELETE ON postmortem_versions
  FOR EACH ROW EXECUTE FUNCTION postmortem_append_only();
--> statement-breakpoint
CREATE TRIGGER postmortem_corrections_no_update BEFORE UPDATE OR DELETE ON postmortem_corrections
  FOR EACH ROW EXECUTE FUNCTION postmortem_append_only();
--> statement-breakpoint
CREATE FUNCTION postmortem_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'a published postmortem is immutable: append a correction';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER postmortems_published_immutable BEFORE UPDATE OR DELETE ON postmortems
  FOR EACH ROW EXECUTE FUNCTION postmortem_published_immutable();
