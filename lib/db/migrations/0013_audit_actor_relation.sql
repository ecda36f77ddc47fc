ALTER TABLE "audit_events" ADD COLUMN "actor_relation" text;--> statement-breakpoint
-- Events written before the column: who each actor was to the org, from today's memberships and roles. The
-- one time the append-only log is touched, and only this derived column; the trigger is back before commit.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update";--> statement-breakpoint
UPDATE "audit_events" e SET "actor_relation" = CASE
    WHEN EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = e."actor_id" AND m."org_id" = e."org_id") THEN 'member'
    WHEN EXISTS (SELECT 1 FROM "users" u WHERE u."id" = e."actor_id" AND u."role" IN ('operator', 'admin')) THEN 'staff'
    ELSE 'outsider'
  END
  WHERE e."org_id" IS NOT NULL AND e."actor_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update";
