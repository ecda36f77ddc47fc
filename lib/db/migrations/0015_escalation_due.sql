DROP INDEX "alerts_open_idx";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "next_due_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alerts_next_due_idx" ON "alerts" USING btree ("next_due_at");--> statement-breakpoint
-- Every open, unacknowledged alert is looked at on the next pass (its steps already taken are not taken again).
UPDATE "alerts" SET "next_due_at" = "fired_at" WHERE "status" = 'firing' AND "acked_at" IS NULL;
