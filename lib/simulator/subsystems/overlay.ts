// The WireGuard overlay from one region: round-trip time and loss to every region, MTU anomalies.
import type { Builder, RegionSignals } from "./builder";
import { REGIONS, RTT } from "../shape";

export function overlay(b: Builder, s: RegionSignals): void {
  const { counter, gauge, wobble } = b;
  const { region, hostWave } = s;
  // --- overlay network
  for (const peer of REGIONS) {
    const key = [region, peer]
      .sort((a, b) => REGIONS.findIndex((r) => r === a) - REGIONS.findIndex((r) => r === b))
      .join("|");
    const base = region === peer ? 0.0008 : RTT[key]!;
    const rttNoise = wobble(`rtt:${region}:${peer}`, 0.05);
    const lossNoise = wobble(`loss:${region}:${peer}`, 0.7);
    gauge(
      "overlay_rtt_seconds",
      "Overlay round-trip time between regions.",
      { region, peer_region: peer },
      (m) => base * rttNoise(m) * (1 + 0.6 * hostWave(m)),
    );
    gauge(
      "overlay_packet_loss_ratio",
      "Overlay packet loss between regions.",
      { region, peer_region: peer },
      (m) => 0.0002 * lossNoise(m) + 0.02 * hostWave(m),
    );
  }
  counter(
    "overlay_mtu_anomalies_total",
    "Packets dropped or fragmented for MTU on the overlay.",
    { region },
    (m) => 0.002 + 0.3 * hostWave(m),
  );
}
