CREATE TABLE "access_reasons" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"org_id" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_leases" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"org_id" text,
	"user_id" text NOT NULL,
	"holder" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_reasons" ADD CONSTRAINT "access_reasons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reasons" ADD CONSTRAINT "access_reasons_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_reasons_user_org_idx" ON "access_reasons" USING btree ("user_id","org_id","expires_at");--> statement-breakpoint
CREATE INDEX "rate_limit_hits_key_idx" ON "rate_limit_hits" USING btree ("bucket","key","at");--> statement-breakpoint
CREATE INDEX "stream_leases_org_idx" ON "stream_leases" USING btree ("kind","org_id","expires_at");--> statement-breakpoint
CREATE INDEX "stream_leases_user_idx" ON "stream_leases" USING btree ("kind","user_id","expires_at");--> statement-breakpoint
CREATE INDEX "stream_leases_holder_idx" ON "stream_leases" USING btree ("holder");--> statement-breakpoint
-- The timeline refuses TRUNCATE as well as UPDATE and DELETE (audit_events has done so since 0001).
CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON timeline_entries
  FOR EACH STATEMENT EXECUTE FUNCTION timeline_entries_append_only();
--> statement-breakpoint
-- Daily log partitions are created at ingest and dropped by retention. These two functions run with their
-- owner's rights, so the role that serves the console needs no DDL of its own (docs/postgres-roles.sql):
-- they touch only day partitions of the partitioned *log_lines tables, named by their own rule.
CREATE FUNCTION ops_console_log_partition(parent text, day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
                 WHERE c.relname = parent AND c.relname LIKE '%log\_lines') THEN
    RAISE EXCEPTION 'not a partitioned log table: %', parent;
  END IF;
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                 parent || '_p' || to_char(day, 'YYYYMMDD'), parent, day, day + 1);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ops_console_drop_log_partitions(parent text, before date) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  part text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
                 WHERE c.relname = parent AND c.relname LIKE '%log\_lines') THEN
    RAISE EXCEPTION 'not a partitioned log table: %', parent;
  END IF;
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = parent AND c.relname ~ ('^' || parent || '_p\d{8}$')
      AND c.relname <= parent || '_p' || to_char(before - 1, 'YYYYMMDD')
    ORDER BY 1
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I', part);
    RETURN NEXT part;
  END LOOP;
END;
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ops_console_log_partition(text, date) FROM PUBLIC;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION ops_console_drop_log_partitions(text, date) FROM PUBLIC;
