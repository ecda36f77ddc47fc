// `ops-console describe` and `ops-console events tail` against the real route handlers, served over HTTP
// by a small server in the test (the handlers are the console's; only the HTTP listener is the test's):
// an operator sees hosts and edge nodes, a tenant's token falls back to its org's own view, and the tail
// prints new events and resumes from the last id after the connection drops.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { loadRoute, mintToken, routeFiles, USERS } from "../support/api";
import { brokenDeploy, ev, postEvents } from "../support/events";
import type { Method } from "@/lib/http/endpoint";

withTestDb();

let server: http.Server;
let base = "";
let operator = "";
let tenant = "";
const tails: string[] = [];

beforeAll(async () => {
  const files = routeFiles();
  server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, "http://console.test");
      const route = files.find((r) => r.pattern.test(url.pathname))!;
      const m = route.pattern.exec(url.pathname)!;
      const params = Object.fromEntries(route.paramNames.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      if (url.pathname.endsWith("/tail"))
        tails.push(`${url.search} last-event-id=${req.headers["last-event-id"] ?? ""}`);
      const handler = (await loadRoute(route.file))[req.method as Method]!;
      const ac = new AbortController();
      res.on("close", () => ac.abort());
      const answer = await handler(
        new Request(url, { headers: req.headers as Record<string, string>, signal: ac.signal }),
        { params: Promise.resolve(params) },
      );
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      if (answer.body) Readable.fromWeb(answer.body as never).pipe(res);
      else res.end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  operator = (await mintToken(USERS.oncall, { scopes: ["platform-logs:read", "logs:read"] })).secret;
  tenant = (await mintToken(USERS.acme, { scopes: ["logs:read"], org_id: "acme" })).secret;
  expect((await postEvents(USERS.admin, brokenDeploy("acme", "cli", "prod"))).status).toBe(200);
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

function run(
  token: string,
  args: string[],
): { child: ChildProcess; out: () => string; err: () => string; done: Promise<number> } {
  const child = spawn(process.execPath, ["bin/ops-console.mjs", ...args], {
    env: { ...process.env, OPS_CONSOLE_URL: base, OPS_CONSOLE_TOKEN: token },
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  const done = new Promise<number>((r) => child.on("exit", (code) => r(code ?? 0)));
  return { child, out: () => out, err: () => err, done };
}

async function until(pred: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("ops-console describe", () => {
  it("tells an operator why an env does not serve, with hosts and edge nodes", async () => {
    const r = run(operator, ["describe", "env", "acme/cli/prod", "--reason", "SUP-9"]);
    expect(await r.done).toBe(0);
    expect(r.out()).toContain("acme/cli/prod: NOT SERVING");
    expect(r.out()).toContain(
      "  - web: 0 of 3 instances of release v42 ready — health check failing: GET /health answered 503",
    );
    expect(r.out()).toContain("  - route cli-prod.acme.app: edge config v17 failed on eu-west-2 (2 of 6 nodes)");
    expect(r.out()).toMatch(/cli-prod-new-1 {2}v42 {2}booted since .* on host-23 {2}health failing GET \/health 503/);
    const refused = run(operator, ["describe", "env", "acme/cli/prod"]);
    expect(await refused.done).toBe(1);
    expect(refused.err()).toContain('Use --reason "…"');
  });

  it("gives a tenant's token its org's own view, and JSON with --json", async () => {
    const r = run(tenant, ["describe", "env", "acme/cli/prod"]);
    expect(await r.done).toBe(0);
    expect(r.out()).toContain("route cli-prod.acme.app: edge config v17 failing in 2 of 6 locations");
    expect(r.out()).not.toMatch(/host-23|edge-node|eu-west-2 \(/);
    const json = run(tenant, ["describe", "env", "acme/cli/prod", "--json"]);
    expect(await json.done).toBe(0);
    expect(JSON.parse(json.out()).env.verdict).toBe("not_serving");
  });

  it("tells an instance's stops with their log windows", async () => {
    const r = run(operator, ["describe", "instance", "cli-prod-worker-0", "--reason", "SUP-9"]);
    expect(await r.done).toBe(0);
    expect(r.out()).toContain("instance cli-prod-worker-0 of acme/cli/prod worker: failed (oom_killed)");
    expect(r.out()).toMatch(
      /stop at .*: oom_killed memory 512 of 512 MiB; logs .*\/api\/v1\/orgs\/acme\/logs\?instance=cli-prod-worker-0/,
    );
  });
});

describe("ops-console events tail", () => {
  it("prints new events and resumes from the last one after the connection drops", async () => {
    const w = { org_id: "acme", app_id: "cli", env_id: "prod", release_id: "v50" };
    const r = run(operator, ["events", "tail", "--env", "acme/cli/prod", "--reason", "SUP-9"]);
    await until(() => tails.length >= 1);
    await new Promise((res) => setTimeout(res, 300));
    await postEvents(USERS.admin, [
      ev({ kind: "release.activated", ...w, process_type: "web", event_id: "cli-tail-1" }),
    ]);
    await until(() => r.out().includes("release.activated"));
    server.closeAllConnections();
    await until(() => tails.length >= 2);
    await postEvents(USERS.admin, [
      ev({ kind: "release.activated", ...w, process_type: "worker", event_id: "cli-tail-2" }),
    ]);
    await until(() => r.out().includes(" worker "));
    r.child.kill("SIGINT");
    expect(r.out().match(/release\.activated/g)).toHaveLength(2);
    expect(r.out()).toMatch(/release\.activated +acme\/cli\/prod web +release v50/);
    expect(tails[1]).toMatch(/last-event-id=\d+/);
  }, 20_000);
});
