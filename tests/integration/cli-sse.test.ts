// The CLI's live tail reads Server-Sent Events as the spec defines them, not only as this console
// happens to write them: CRLF line ends (which proxies and other servers use), data split over several
// `data:` lines, comments and retry hints. A small SSE server here stands in for a proxy that rewrites
// line ends — a stand-in, labelled as such; the CLI against the real console is in e2e/logs.spec.ts.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const line = (id: number, message: string) => ({
  id: String(id),
  ts: "2026-11-27T12:00:00.000000Z",
  org_id: "acme",
  app_id: "web",
  env_id: "production",
  process_type: "web",
  instance_id: "web-1",
  release_id: null,
  level: "info",
  message,
  request_id: null,
  trace_id: null,
  attrs: null,
});

let server: http.Server;
let base = "";
const tails: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    if (url.pathname.endsWith("/logs")) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ lines: [line(1, "history line")], next_cursor: null, truncated: false }));
      return;
    }
    tails.push(`${url.search} last-event-id=${req.headers["last-event-id"] ?? ""}`);
    res.writeHead(200, { "content-type": "text/event-stream" });
    const json = JSON.stringify(line(2, "crlf line"), null, 1).split("\n");
    res.write(`retry: 1000\r\n\r\n: a comment\r\n`);
    // One event, its JSON spread over several data: lines, every line ended with CRLF.
    res.write(`id: 2\r\nevent: line\r\n${json.map((l) => `data: ${l}`).join("\r\n")}\r\n\r\n`);
    res.write(`id: 3\r\nevent: line\r\ndata: ${JSON.stringify(line(3, "second crlf line"))}\r\n\r\n`);
    res.write(`event: dropped\r\ndata: {"count": 7, "limit_per_second": 500}\r\n\r\n`);
    setTimeout(() => res.end(), 200);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("ops-console logs --tail", () => {
  it("prints lines from CRLF and multi-line events, reports drops, and resumes from the last id after a cut", async () => {
    const child = spawn(process.execPath, ["bin/ops-console.mjs", "logs", "--org", "acme", "--tail"], {
      env: { ...process.env, OPS_CONSOLE_URL: base, OPS_CONSOLE_TOKEN: "opc_test" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const deadline = Date.now() + 8000;
    while (tails.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(out).toContain("history line");
    expect(out).toContain("crlf line");
    expect(out).toContain("second crlf line");
    expect(err).toContain("7 lines dropped");
    // The first tail starts after the history's last line; after the server hangs up it resumes from id 3.
    expect(tails[0]).toContain("after=1");
    expect(tails[1]).toContain("last-event-id=3");
  });
});
