// Times in query strings: ISO-8601 with a zone, "now", or relative to now ("15m", "2h", "7d"). Browser-safe.
import { badRequest } from "./errors";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const isUnit = (u: string | undefined): u is keyof typeof UNIT_MS => u !== undefined && Object.hasOwn(UNIT_MS, u);
const RELATIVE = /^(\d{1,6})(s|m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** "15m" (before now), "now", or an ISO-8601 timestamp with a zone. */
export function parseInstant(value: string, field: string, now: number): number {
  const v = value.trim();
  if (v === "now") return now;
  const [, amount, unit] = RELATIVE.exec(v) ?? [];
  if (isUnit(unit)) return now - Number(amount) * UNIT_MS[unit];
  if (ISO.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  throw badRequest(
    field,
    "must be an ISO-8601 time with a zone (2026-11-22T10:00:00Z) or a relative time like 15m, 2h, 7d",
  );
}
