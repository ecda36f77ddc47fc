-- Traces (#28): kept spans, range-partitioned by day on their start like the log lines (partitions made
-- at ingest and dropped by retention through 0007's functions, widened here to take trace_spans), read
-- by trace id, searched by service and time, errors apart. Sampling's state lives beside them: spans of
-- traces not yet kept wait in trace_pending_spans (TRACE_DECISION_MINUTES), and trace_keeps records the
-- traces an error or slow span kept, written insert-if-absent so every replica agrees. Ids and services are
-- collated "C": equality is all their indexes are asked, and random hex keys compare as bytes.
CREATE TABLE "trace_spans" (
	"trace_id" text COLLATE "C" NOT NULL,
	"span_id" text COLLATE "C" NOT NULL,
	"parent_span_id" text COLLATE "C",
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"service" text COLLATE "C" NOT NULL,
	"component" text,
	"region" text,
	"node_id" text,
	"ts" timestamp (6) with time zone NOT NULL,
	"duration_ms" double precision NOT NULL,
	"status" text NOT NULL,
	"status_message" text,
	"attributes" jsonb NOT NULL,
	"events" jsonb,
	"links" jsonb,
	"request_id" text,
	"org_id" text,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE UNIQUE INDEX "trace_spans_trace_idx" ON "trace_spans" USING btree ("trace_id","span_id","ts");--> statement-breakpoint
CREATE INDEX "trace_spans_service_idx" ON "trace_spans" USING btree ("service","ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "trace_spans_errors_idx" ON "trace_spans" USING btree ("service","ts" DESC NULLS LAST) WHERE status = 'error';--> statement-breakpoint
CREATE INDEX "trace_spans_ts_idx" ON "trace_spans" USING btree ("ts" DESC NULLS LAST);--> statement-breakpoint
CREATE TABLE "trace_pending_spans" (
	"trace_id" text COLLATE "C" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"span" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "trace_pending_spans_trace_idx" ON "trace_pending_spans" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "trace_pending_spans_received_idx" ON "trace_pending_spans" USING btree ("received_at");--> statement-breakpoint
CREATE TABLE "trace_keeps" (
	"trace_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"kept_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "trace_keeps_kept_idx" ON "trace_keeps" USING btree ("kept_at");--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_console_log_partition(parent text, day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
                 WHERE c.relname = parent AND (c.relname LIKE '%log\_lines' OR c.relname = 'trace_spans')) THEN
    RAISE EXCEPTION 'not a partitioned log table: %', parent;
  END IF;
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                 parent || '_p' || to_char(day, 'YYYYMMDD'), parent, day, day + 1);
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ops_console_drop_log_partitions(parent text, before date) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  part text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
                 WHERE c.relname = parent AND (c.relname LIKE '%log\_lines' OR c.relname = 'trace_spans')) THEN
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
