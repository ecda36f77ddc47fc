// Who the client is, from the TCP peer and X-Forwarded-For, trusting exactly `trustedHops` proxies in front.

/** The peer with no trusted proxy; else the address the outermost trusted proxy saw (each appends what it saw). */
export function clientAddress(peer, forwardedFor, trustedHops) {
  const bare = (peer ?? "").replace(/^::ffff:/, "");
  if (trustedHops === 0) return bare;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const all = [...chain, bare];
  return all[Math.max(0, all.length - 1 - trustedHops)] ?? bare;
}
