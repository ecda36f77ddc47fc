-- The incident timeline is append-only: corrections are new entries, never edits.
CREATE FUNCTION timeline_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'timeline_entries is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER timeline_entries_no_update BEFORE UPDATE OR DELETE ON timeline_entries
  FOR EACH ROW EXECUTE FUNCTION timeline_entries_append_only();
