// The edge in one region: connection attempts and failures by reason per node, endpoint health, config
// reloads, upstream failures.
import type { Builder, RegionSignals } from "./builder";
import { API_RPS, EDGE_ENDPOINTS, EDGE_NODES_PER_REGION, stringHash } from "../shape";

export function edge(b: Builder, s: RegionSignals): void {
  const { counter, gauge, wobble, p } = b;
  const { region, shape, edgeBad, effect } = s;
  // --- edge
  for (let n = 1; n <= EDGE_NODES_PER_REGION; n++) {
    const node = `edge-${region}-${n}`;
    const nodeNoise = wobble(`edge:${node}`, 0.06);
    const attempts = (m: number) => ((API_RPS[region]! * 6) / EDGE_NODES_PER_REGION) * shape(m) * nodeNoise(m);
    const weight = n === 3 || n === 7 ? 2.4 : 0.6;
    const failRatio = (m: number) => 0.0003 * (0.5 + nodeNoise(m)) + 0.032 * weight * edgeBad(m);
    counter("edge_connect_attempts_total", "Client connection attempts at the edge.", { region, node }, attempts);
    // Backends (tenant microVMs behind routes) this node's health checks cannot reach.
    gauge("edge_backends_unreachable", "Backends the edge node cannot reach.", { region, node }, (m) =>
      Math.round((n % 2 ? 40 : 25) * effect("edge-backends-unreachable", m)),
    );
    const split = { tls: [0.1, 0.6], reset: [0.5, 0.25], timeout: [0.4, 0.15] } as const;
    for (const [reason, [base, degraded]] of Object.entries(split)) {
      counter(
        "edge_connect_failures_total",
        "Failed client connections at the edge by reason.",
        { region, node, reason },
        (m) => {
          const bad = edgeBad(m);
          return attempts(m) * failRatio(m) * (bad > 0 ? degraded : base);
        },
      );
    }
  }
  for (const endpoint of EDGE_ENDPOINTS) {
    const k = stringHash(`ep:${region}:${endpoint}`);
    gauge("edge_endpoint_up", "Endpoint health check (1 up, 0 down).", { region, endpoint }, (m) =>
      (endpoint === "apps-http" && edgeBad(m) > 0.5) || p.noise(k, m) < 0.001 ? 0 : 1,
    );
  }
  counter("edge_config_reloads_total", "Edge config reloads by result.", { region, result: "success" }, () => 1 / 600);
  counter(
    "edge_config_reloads_total",
    "Edge config reloads by result.",
    { region, result: "failure" },
    (m) => 0.004 * edgeBad(m),
  );
  counter(
    "edge_upstream_failures_total",
    "Edge requests whose upstream failed.",
    { region },
    (m) => 0.4 * shape(m) * (1 + 12 * edgeBad(m)),
  );
}
