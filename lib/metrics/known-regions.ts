// The regions the console shows and accepts: METRICS_REGIONS, by default the simulator's three.
import "server-only";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/http/errors";
import { REGIONS } from "./regions";

export function metricsRegions(): string[] {
  return env().METRICS_REGIONS ?? [...REGIONS];
}

/** 400 naming `field` when a region is not one of them. */
export function checkRegions(regions: readonly string[], field: string): void {
  const known = metricsRegions();
  const bad = regions.find((r) => !known.includes(r));
  if (bad !== undefined)
    throw badRequest(field, `must be one of ${known.join(", ")} ('${bad.slice(0, 60)}' is not a region)`);
}
