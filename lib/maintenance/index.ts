// Maintenance windows: the ones that may hold notifications now.
import "server-only";
import { and, gt, isNull, lte } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { maintenanceWindows } from "@/lib/db/schema";
import type { WindowShape } from "./rules";

/** Windows running at `now` (not cancelled), in the shape the rules read. */
export async function windowsAt(now = Date.now()): Promise<WindowShape[]> {
  const rows = await db()
    .select()
    .from(maintenanceWindows)
    .where(
      and(
        isNull(maintenanceWindows.cancelledAt),
        lte(maintenanceWindows.startsAt, new Date(now)),
        gt(maintenanceWindows.endsAt, new Date(now)),
      ),
    );
  return rows.map((w) => ({
    id: w.id,
    number: w.number,
    services: w.services,
    regions: w.regions,
    startsAt: w.startsAt.getTime(),
    endsAt: w.endsAt.getTime(),
    cancelledAt: null,
    holdEndedAt: w.holdEndedAt?.getTime() ?? null,
  }));
}
