CREATE TABLE "alert_page_days" (
	"day" date PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"summary" jsonb,
	"summary_version" bigint,
	"clock_key" text
);
--> statement-breakpoint
-- A page's day moves on in the transaction that writes it: inserted, deleted and changed pages — changed in a
-- column the review reads (its old day and its new one; a repeat notification's last_seen does not count). One
-- statement's days are taken together, in order, so two writers of the same days lock them alike (no deadlock
-- between statements that write pages of several days). The summary is forgotten; the next reader sums it again.
CREATE FUNCTION alert_page_days_touch(days date[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO alert_page_days (day)
  SELECT d FROM unnest(days) d WHERE d IS NOT NULL GROUP BY d ORDER BY d
  ON CONFLICT (day) DO UPDATE SET version = alert_page_days.version + 1, summary = NULL;
$$;
--> statement-breakpoint
CREATE FUNCTION alert_page_days_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM alert_page_days_touch(array(SELECT (fired_at AT TIME ZONE 'UTC')::date FROM new_alerts WHERE kind = 'page'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM alert_page_days_touch(array(SELECT (fired_at AT TIME ZONE 'UTC')::date FROM old_alerts WHERE kind = 'page'));
  ELSE
    PERFORM alert_page_days_touch(array(
      SELECT (d.fired_at AT TIME ZONE 'UTC')::date
      FROM old_alerts o JOIN new_alerts n ON n.id = o.id,
        LATERAL (VALUES (o.kind, o.fired_at), (n.kind, n.fired_at)) AS d(kind, fired_at)
      WHERE d.kind = 'page'
        AND (o.kind, o.name, o.labels->>'service', o.fired_at, o.acked_at, o.resolved_at, o.resolved_by,
             o.incident_id, o.severity, jsonb_array_length(o.flaps))
          IS DISTINCT FROM (n.kind, n.name, n.labels->>'service', n.fired_at, n.acked_at, n.resolved_at,
             n.resolved_by, n.incident_id, n.severity, jsonb_array_length(n.flaps))));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alerts_page_days_insert AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION alert_page_days_rows();
--> statement-breakpoint
CREATE TRIGGER alerts_page_days_delete AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION alert_page_days_rows();
--> statement-breakpoint
CREATE TRIGGER alerts_page_days_update AFTER UPDATE ON alerts REFERENCING OLD TABLE AS old_alerts NEW TABLE AS new_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION alert_page_days_rows();
--> statement-breakpoint
-- The pages already kept: their days, to be summed by the first review that reads them.
INSERT INTO alert_page_days (day)
SELECT DISTINCT (fired_at AT TIME ZONE 'UTC')::date FROM alerts WHERE kind = 'page';
