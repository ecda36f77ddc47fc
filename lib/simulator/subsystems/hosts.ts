// The host fleet in one region: host states (with rolling maintenance and failure waves), disk pools,
// WireGuard handshakes, microVMs and their lifecycle operations.
import type { Builder, RegionSignals } from "./builder";
import { HOST_STATES, HOSTS_PER_REGION, MICROVM_OPS, MIN, stringHash } from "../shape";

export function hostFleet(b: Builder, s: RegionSignals): void {
  const { counter, gauge, wobble, p } = b;
  const { region, index: ri, shape, hostWave, vmNoise, effect } = s;
  // --- host fleet
  for (let h = 1; h <= HOSTS_PER_REGION[ri]!; h++) {
    const host = `${region}-h${String(h).padStart(3, "0")}`;
    const k = stringHash(`host:${host}`);
    const kind = p.noise(k, 0);
    const wave = p.noise(k, 1);
    const state = (m: number): (typeof HOST_STATES)[number] => {
      if (hostWave(m) > wave * 4) return "down";
      if (kind < 0.015) return "cordoned";
      if (ri === 0 && h === 17) return "drained"; // a host that died overnight, drained, waiting for hands
      // Rolling maintenance: a few hosts a day drain for a kernel update at an hour of their own.
      const day = Math.floor(m / 1440);
      if (p.noise(k, -day - 10) < 0.05) {
        const startMin = Math.floor(p.noise(k, -day - 1000) * 1200);
        const into = m - day * 1440 - startMin;
        if (into >= 0 && into < 30) return "draining";
        if (into >= 30 && into < 210) return "drained";
      }
      return "ready";
    };
    for (const s of HOST_STATES)
      gauge("host_state", "Host state (1 for the current state).", { region, host, state: s }, (m) =>
        state(m) === s ? 1 : 0,
      );
    // A few hosts run fuller than the rest: into the warning band (85–90 %), never critical on their own.
    const base = 0.3 + 0.45 * kind + (kind > 0.97 ? 0.1 : 0);
    // One host in ten runs short of CPU, memory and disk when the region is under resource pressure.
    const pressed = (m: number) => (h % 10 === 0 ? effect("host-resource-pressure", m) : 0);
    gauge("host_disk_used_ratio", "Share of the host's microVM disk pool in use.", { region, host }, (m) =>
      Math.min(0.99, base + 0.03 * p.noise(k, m) + 0.3 * pressed(m)),
    );
    gauge("host_cpu_utilization", "Share of the host's CPU in use.", { region, host }, (m) =>
      Math.min(1, (0.25 + 0.3 * kind) * (0.7 + 0.3 * shape(m)) + 0.05 * p.noise(k + 2, m) + 0.7 * pressed(m)),
    );
    gauge("host_memory_used_ratio", "Share of the host's memory in use.", { region, host }, (m) =>
      Math.min(0.995, 0.45 + 0.35 * kind + 0.02 * p.noise(k + 3, m) + 0.4 * pressed(m)),
    );
    // The host agent's last heartbeat: every ten seconds, until the host goes down.
    gauge("agent_heartbeat_timestamp_seconds", "When the host agent last sent a heartbeat.", { region, host }, (m) => {
      if (state(m) !== "down") return m * 60 - 5;
      const since = p.activeSince("host-failure-wave", region, m);
      return since === null ? m * 60 - 3600 : Math.floor(since / 1000);
    });
    gauge(
      "wireguard_peer_handshake_age_seconds",
      "Age of the oldest WireGuard handshake among the host's peers.",
      { region, host },
      (m) => {
        if (state(m) === "down") {
          const since = p.activeSince("host-failure-wave", region, m);
          return since === null ? 3600 : Math.min(3600, 180 + (m * MIN - since) / 1000);
        }
        return Math.round(5 + 115 * p.noise(k + 1, m));
      },
    );
  }
  gauge("microvms_running", "Running microVMs.", { region }, (m) =>
    Math.round(HOSTS_PER_REGION[ri]! * 38 * (0.8 + 0.2 * shape(m)) * vmNoise(m) * (1 - 0.25 * hostWave(m))),
  );
  for (const op of MICROVM_OPS) {
    const rate = (m: number) => (op === "snapshot_restore" ? 0.6 : 2.2) * shape(m) * vmNoise(m);
    counter("microvm_lifecycle_operations_total", "microVM lifecycle operations.", { region, op }, rate);
    const failNoise = wobble(`vmfail:${region}:${op}`, 0.6);
    counter(
      "microvm_lifecycle_failures_total",
      "microVM lifecycle failures.",
      { region, op },
      (m) => rate(m) * (0.002 * failNoise(m) + (op === "stop" ? 0.02 : 0.15) * hostWave(m)),
    );
  }
}
