// The public pages' front door. /status, its API and its feed are limited per address by the console
// itself (lib/limits/public: counted in the database, the same on every replica); once the console has
// refused an address (429 with Retry-After), this door answers that address's next public requests
// until then, before Next.js is involved, and only after a second's pause: a client that ignores
// Retry-After and asks again at once gets one answer a second per connection, so a flood costs the
// server almost nothing and an operator's requests keep their time.
const PUBLIC = new Set(["/status", "/api/v1/status", "/api/v1/status/feed"]);
const MAX_REMEMBERED = 10_000;
const PAUSE_MS = 1000;

export function publicDoor() {
  const blocked = new Map();
  const isPublic = (req) =>
    (req.method === "GET" || req.method === "HEAD") && PUBLIC.has((req.url ?? "").split("?")[0]);
  return {
    /** Answers a refused address's public request itself; true when it did. */
    refuse(req, res, address) {
      if (!isPublic(req)) return false;
      const until = blocked.get(address);
      if (until === undefined) return false;
      const wait = Math.ceil((until - Date.now()) / 1000);
      if (wait <= 0) {
        blocked.delete(address);
        return false;
      }
      const timer = setTimeout(
        () => {
          if (res.destroyed) return;
          res.writeHead(429, {
            "retry-after": String(wait),
            "content-type": "text/plain; charset=utf-8",
            "cache-control": "no-store",
          });
          res.end(req.method === "HEAD" ? undefined : `Too many requests from this address; try again in ${wait} s.\n`);
        },
        Math.min(PAUSE_MS, until - Date.now()),
      );
      res.on("close", () => clearTimeout(timer));
      req.resume();
      return true;
    },
    /** Remembers the console's refusal of an address on a public path. */
    watch(req, res, address) {
      if (!isPublic(req)) return;
      res.on("finish", () => {
        const wait = Number(res.getHeader("retry-after"));
        if (res.statusCode !== 429 || !(wait > 0)) return;
        if (blocked.size >= MAX_REMEMBERED) blocked.clear();
        blocked.set(address, Date.now() + wait * 1000);
      });
    },
  };
}
