// `npm run simulate --console-url` against a running console: the simulated platform's logs, changes
// and events arrive through the public API with a platform token, and tell the demo's story there.
import { spawn } from "node:child_process";
import { freePort } from "./servers.mjs";

export async function simulateFeedCheck({ a, check, signInToken }) {
  const poster = await signInToken(a.base, "admin@demo.local", [
    "logs:write",
    "changes:write",
    "events:write",
    "traces:write",
  ]);
  const reader = await signInToken(a.base, "oncall@demo.local", ["platform-logs:read", "incidents:read"]);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "node_modules/.bin/tsx",
      "--conditions=react-server",
      "scripts/simulate.ts",
      "--port",
      String(port),
      "--console-url",
      a.base,
      "--backfill",
      "90m",
    ],
    {
      env: { ...process.env, CONSOLE_TOKEN: poster, SIMULATE_TENANT_LINES_PER_SECOND: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    const deadline = Date.now() + 180_000;
    while (!/Posted \d+ platform lines/.test(output) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    check(
      "npm run simulate --console-url posts its history through the API",
      /Posted \d+ platform lines/.test(output),
      output.split("\n").find((l) => l.startsWith("Posted")) ?? output.slice(-300),
    );
    const get = async (path) =>
      (await fetch(`${a.base}${path}`, { headers: { authorization: `Bearer ${reader}` } })).json();
    const errors = await get("/api/v1/platform/logs?component=edge&region=eu-west&level=error&start=90m&limit=5000");
    const elsewhere = await get("/api/v1/platform/logs?component=edge&region=us-east&level=error&start=90m&limit=5000");
    check(
      "…the eu-west edge logs its failures, far more than another region",
      errors.lines?.length > 10 * Math.max(1, elsewhere.lines?.length ?? 0),
      `${errors.lines?.length} vs ${elsewhere.lines?.length} error lines`,
    );
    const changes = await get("/api/v1/changes?service=edge&region=eu-west&from=2h");
    check(
      "…and the config push behind it is in the change feed",
      changes.changes?.some((c) => c.external_id === "sim-edge-eu-west-config-push" && c.status === "succeeded"),
      (changes.changes ?? []).map((c) => `${c.kind} ${c.status}`).join(", "),
    );
    const broken = await (
      await fetch(`${a.base}/api/v1/platform/describe/env/globex/billing/staging`, {
        headers: { authorization: `Bearer ${reader}`, "x-access-reason": "replica test" },
      })
    ).json();
    check(
      "…and its events: globex/billing/staging is not serving, for its health check",
      broken.env?.verdict === "not_serving" && broken.env.reasons.some((r) => r.includes("GET /health")),
      JSON.stringify(broken.env?.reasons ?? broken),
    );
    const followed = await get(
      "/api/v1/platform/logs?component=agent&region=eu-west&q=forwarded&start=90m&end=1m&limit=1",
    );
    const id = followed.lines?.[0]?.request_id;
    const path = id ? await get(`/api/v1/correlate?request_id=${id}&start=2h`) : { lines: [] };
    check(
      "…a followed request has its path across the platform",
      path.lines?.length >= 3 && path.orgs?.length === 1,
      `${path.lines?.length} lines, orgs ${JSON.stringify(path.orgs)}`,
    );
  } finally {
    child.kill("SIGTERM");
  }
}
