// The model's fixed shape — its inventory (regions, hosts, nodes, endpoints, jobs), histogram buckets,
// base rates — and the deterministic math every part of it uses. Pure, no state.
import { REGIONS } from "@/lib/metrics/regions";

export { REGIONS };

export const HOST_STATES = ["ready", "cordoned", "draining", "drained", "down"] as const;
export const MICROVM_OPS = ["start", "stop", "snapshot_restore"] as const;
export const BACKUP_JOBS = ["postgres-wal", "postgres-base", "volume-snapshots"] as const;
export const PROJECTIONS = ["apps", "machines", "routes"] as const;
export const EDGE_ENDPOINTS = ["api", "registry", "apps-http", "apps-tcp", "websockets", "metrics"] as const;
export const HOSTS_PER_REGION = [67, 67, 66];
export const EDGE_NODES_PER_REGION = 8;
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const LOOP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
export const CONVERGE_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
export const PG_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
export const RTT: Record<string, number> = {
  "us-east|eu-west": 0.075,
  "us-east|ap-south": 0.21,
  "eu-west|ap-south": 0.13,
};

export const MIN = 60_000;
/** API requests a second at the region's peak, and the UTC hour of that peak. */
export const API_RPS: Record<string, number> = { "us-east": 420, "eu-west": 310, "ap-south": 160 };
export const PEAK_HOUR: Record<string, number> = { "us-east": 18, "eu-west": 13, "ap-south": 8 };

export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function stringHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
