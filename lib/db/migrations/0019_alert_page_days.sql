CREATE TABLE "alert_page_days" (
	"day" date PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"summary" jsonb,
	"summary_version" bigint,
	"clock_key" text
);
--> statement-breakpoint
-- A page's day moves on in the transaction that writes it: inserted or deleted pages (one statement's rows, by
-- day in order, so concurrent writers lock days alike), and changed pages in any column the review reads — its
-- old day and its new one. The summary is forgotten; the next reader recomputes it.
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
  ELSE
    PERFORM alert_page_days_touch(array(SELECT (fired_at AT TIME ZONE 'UTC')::date FROM old_alerts WHERE kind = 'page'));
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
CREATE FUNCTION alert_page_days_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM alert_page_days_touch(array[
    CASE WHEN OLD.kind = 'page' THEN (OLD.fired_at AT TIME ZONE 'UTC')::date END,
    CASE WHEN NEW.kind = 'page' THEN (NEW.fired_at AT TIME ZONE 'UTC')::date END]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER alerts_page_days_update AFTER UPDATE OF kind, name, labels, fired_at, acked_at, resolved_at,
  resolved_by, incident_id, severity, flaps ON alerts
  FOR EACH ROW WHEN ((OLD.kind = 'page' OR NEW.kind = 'page')
    AND (OLD.kind, OLD.name, OLD.labels->>'service', OLD.fired_at, OLD.acked_at, OLD.resolved_at, OLD.resolved_by,
         OLD.incident_id, OLD.severity, jsonb_array_length(OLD.flaps))
      IS DISTINCT FROM (NEW.kind, NEW.name, NEW.labels->>'service', NEW.fired_at, NEW.acked_at, NEW.resolved_at,
         NEW.resolved_by, NEW.incident_id, NEW.severity, jsonb_array_length(NEW.flaps)))
  EXECUTE FUNCTION alert_page_days_change();
--> statement-breakpoint
-- The pages already kept: their days, to be summed by the first review that reads them.
INSERT INTO alert_page_days (day)
SELECT DISTINCT (fired_at AT TIME ZONE 'UTC')::date FROM alerts WHERE kind = 'page';
