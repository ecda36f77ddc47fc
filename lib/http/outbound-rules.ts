// Where the console may send a notification: http(s) only, and never to an address inside the platform
// — loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local, multicast, reserved —
// unless OUTBOUND_ALLOW names it (an internal mail or SMS gateway). A webhook URL is a person's input:
// without this rule it would let anyone with a contact page reach what the console's network reaches.
import net from "node:net";

const FORBIDDEN = new net.BlockList();
for (const [addr, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  FORBIDDEN.addSubnet(addr, bits, "ipv4");
for (const [addr, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  FORBIDDEN.addSubnet(addr, bits, "ipv6");

export interface AllowList {
  /** Addresses and ranges let through although forbidden. */
  addresses: net.BlockList;
  /** Host names let through whatever they resolve to. */
  hosts: Set<string>;
  /** As configured, for messages. */
  text: string;
}

const familyOf = (ip: string) => (net.isIPv6(ip) ? "ipv6" : "ipv4");

/** OUTBOUND_ALLOW: `10.1.2.3, 10.20.0.0/16, fd00::/8, mail-gw.internal`. */
export function parseAllowList(text: string): { list: AllowList; problems: string[] } {
  const list: AllowList = { addresses: new net.BlockList(), hosts: new Set(), text };
  const problems: string[] = [];
  for (const raw of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    // split gives at least one part: the address before any "/".
    const [addr = "", bits, more] = raw.split("/");
    if (net.isIP(addr) && bits === undefined) list.addresses.addAddress(addr, familyOf(addr));
    else if (
      net.isIP(addr) &&
      more === undefined &&
      bits !== undefined &&
      /^\d{1,3}$/.test(bits) &&
      Number(bits) <= (net.isIPv6(addr) ? 128 : 32)
    )
      list.addresses.addSubnet(addr, Number(bits), familyOf(addr));
    else if (bits === undefined && /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/i.test(addr))
      list.hosts.add(addr.toLowerCase());
    else problems.push(`'${raw.slice(0, 60)}' is not an address, a CIDR range or a host name`);
  }
  return { list, problems };
}

/** Why an address may not be reached, or null when it may. */
export function forbiddenAddress(ip: string, allow?: AllowList): string | null {
  const family = familyOf(ip);
  if (!FORBIDDEN.check(ip, family)) return null;
  if (allow?.addresses.check(ip, family)) return null;
  return `${ip} is a loopback, private, link-local or reserved address`;
}

/** A URL's host as an address when it is one (`[::1]` → `::1`), else null. */
const literalAddress = (hostname: string) => {
  const h = hostname.replace(/^\[(.*)\]$/, "$1");
  return net.isIP(h) ? h : null;
};

/**
 * What is wrong with a notification URL as written, or null: checked when it is saved, before anything
 * is sent. Host names are checked again, by the addresses they resolve to, when a notification is sent.
 */
export function targetProblem(url: string, allow?: AllowList): string | null {
  return urlProblem(url, allow, "http");
}

/** The same rule for the SMTP server email goes through (smtp:// or smtps://). */
export function smtpProblem(url: string, allow?: AllowList): string | null {
  return urlProblem(url, allow, "smtp");
}

function urlProblem(url: string, allow: AllowList | undefined, scheme: "http" | "smtp"): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `must be an absolute ${scheme}(s) URL`;
  }
  if (u.protocol !== `${scheme}:` && u.protocol !== `${scheme}s:`) return `must be an ${scheme}(s) URL`;
  const host = u.hostname.toLowerCase();
  if (allow?.hosts.has(host)) return null;
  const ip = literalAddress(host);
  if (ip) {
    const why = forbiddenAddress(ip, allow);
    return why ? `must not point inside the platform: ${why}` : null;
  }
  if (host === "localhost" || host.endsWith(".localhost"))
    return "must not point inside the platform: localhost is a loopback address";
  return null;
}

export { literalAddress };
