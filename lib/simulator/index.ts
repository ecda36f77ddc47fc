// The platform simulator: a seeded model (./model) with scripted scenarios (./scenarios), used in process
// by the embedded console and served as Prometheus exposition by `npm run simulate`.
import { Platform } from "./model";
import { demoScenarios, parseScenarios } from "./scenarios";

export { Platform } from "./model";
export type { Scenario } from "./scenarios";

export interface SimulatorConfig {
  seed: number;
  /** The demo scenarios are placed around this time (ms). */
  anchor: number;
  /** SIMULATOR_SCENARIOS: replaces the demo scenarios. */
  scenariosJson?: string;
}

export function createPlatform(c: SimulatorConfig): Platform {
  const scenarios = c.scenariosJson ? parseScenarios(c.scenariosJson) : demoScenarios(c.anchor);
  return new Platform({ seed: c.seed, scenarios });
}
