// Maintenance windows as plain functions: which window holds an alert's notifications now. Browser-safe.

export interface WindowShape {
  id: string;
  number: number;
  services: string[];
  /** Empty: every region. */
  regions: string[];
  startsAt: number;
  endsAt: number;
  cancelledAt: number | null;
  holdEndedAt: number | null;
}

/** Does `w` hold notifications at `now`: started, not ended, not cancelled, its hold not ended early. */
export const holding = (w: WindowShape, now: number) =>
  w.cancelledAt === null && w.startsAt <= now && now < w.endsAt && (w.holdEndedAt === null || now < w.holdEndedAt);

/** The window holding an alert about `scope` at `now` (its service listed, its region listed or every region), or null. */
export function holdingWindow<W extends WindowShape>(
  scope: { service: string | null; region: string | null },
  windows: readonly W[],
  now: number,
): W | null {
  return (
    windows.find(
      (w) =>
        holding(w, now) &&
        scope.service !== null &&
        w.services.includes(scope.service) &&
        (w.regions.length === 0 || (scope.region !== null && w.regions.includes(scope.region))),
    ) ?? null
  );
}

/** How a window is named: M-3. */
export const maintenanceRef = (number: number) => `M-${number}`;
