// The minimum dashboard set, in the order on-call reads them.
import { controlPlane } from "./control-plane";
import { edge } from "./edge";
import { hostFleet } from "./host-fleet";
import { overlayNetwork } from "./overlay-network";
import { overview } from "./overview";
import { storage } from "./storage";
import type { Dashboard } from "./types";

export * from "./types";

export const DASHBOARDS: Dashboard[] = [overview, controlPlane, edge, hostFleet, overlayNetwork, storage];

export function findDashboard(slug: string): Dashboard | undefined {
  return DASHBOARDS.find((d) => d.slug === slug);
}
