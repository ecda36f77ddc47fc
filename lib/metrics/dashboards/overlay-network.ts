import { sel, type Dashboard } from "./types";

export const overlayNetwork: Dashboard = {
  slug: "overlay-network",
  title: "Overlay network",
  description: "WireGuard peer health, round-trip time, packet loss and MTU anomalies.",
  services: ["overlay", "agent"],
  panels: [
    { id: "handshakes", title: "WireGuard handshake age", description: "Oldest handshake among each host's peers now; over 3 minutes means a peer is not rekeying.", unit: "seconds", kind: "status-grid", query: { kind: "gauge", sel: sel("wireguard_peer_handshake_age_seconds"), agg: "max", by: ["region", "host"] }, thresholds: { warn: 180, critical: 600, direction: "above" }, grid: { cell: "host" }, runbook: "overlay-handshake" },
    { id: "handshake-age", title: "Oldest handshake by region", description: "The oldest WireGuard handshake in each region.", unit: "seconds", kind: "timeseries", query: { kind: "gauge", sel: sel("wireguard_peer_handshake_age_seconds"), agg: "max", by: ["region"] }, thresholds: { warn: 180, critical: 600, direction: "above" }, runbook: "overlay-handshake" },
    { id: "rtt", title: "Round-trip time", description: "Overlay RTT between regions.", unit: "seconds", kind: "timeseries", query: { kind: "gauge", sel: sel("overlay_rtt_seconds"), agg: "avg", by: ["region", "peer_region"] } },
    { id: "loss", title: "Packet loss", description: "Overlay packet loss between regions.", unit: "percent", kind: "timeseries", query: { kind: "gauge", sel: sel("overlay_packet_loss_ratio"), agg: "max", by: ["region", "peer_region"] }, thresholds: { warn: 0.001, critical: 0.01, direction: "above" } },
    { id: "mtu", title: "MTU anomalies", description: "Packets dropped or fragmented for MTU, per second.", unit: "per_second", kind: "timeseries", query: { kind: "rate", sel: sel("overlay_mtu_anomalies_total"), by: ["region"] } },
  ],
};
