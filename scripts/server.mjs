// The console's HTTP server: Next.js behind a plain Node server that decides, once, who the client is.
// Next.js keeps any X-Forwarded-For a client sends, so the address limits (failed sign-ins per address)
// and the audit log would trust whatever a client claims. Here X-Forwarded-For is replaced by the one
// address we trust: the TCP peer, or — behind TRUST_PROXY_HOPS proxies that each append the address
// they saw — the entry that many hops from the right.
// Usage: node scripts/server.mjs  (HOST, PORT, TRUST_PROXY_HOPS; a production build in .next)
import http from "node:http";
import path from "node:path";
import next from "next";
import { clientAddress } from "./client-address.mjs";
import { publicDoor } from "./public-door.mjs";

const root = path.resolve(import.meta.dirname, "..");
const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
const hops = Number(process.env.TRUST_PROXY_HOPS || 0);
if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
  console.error("TRUST_PROXY_HOPS must be a whole number of proxies in front of the console (0-10).");
  process.exit(1);
}

const app = next({ dev: false, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const door = publicDoor();
const server = http.createServer((req, res) => {
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
  if (door.refuse(req, res, address)) return;
  door.watch(req, res, address);
  req.headers["x-forwarded-for"] = address;
  delete req.headers["x-real-ip"];
  if (hops === 0) {
    // Nothing in front of us: the host and scheme are what the client connected to, not what it claims.
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-port"];
  }
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () =>
  console.log(`Ops Console listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`),
);

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
