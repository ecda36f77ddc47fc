// npm start: build when no current build exists, then serve on HOST:PORT (default 127.0.0.1:3000).
// Migrations and the demo seed run at server start (instrumentation.ts).
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { authSecret, env, EnvError } from "../lib/env";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../lib/auth/demo-accounts";
import { ensureBuild } from "./build";

const root = path.resolve(import.meta.dirname, "..");
const HOST = process.env.HOST || "127.0.0.1";
const PORT = process.env.PORT || "3000";
async function announceWhenReady(url: string, embedded: boolean) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/api/v1/ready`);
      if (res.ok) {
        console.log(`\nOps Console is ready at ${url}`);
        if (embedded) {
          console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
          for (const a of DEMO_ACCOUNTS)
            console.log(`  ${a.email.padEnd(24)} ${a.role}${a.orgs.length ? ` of ${a.orgs.join(", ")}` : ""}`);
        }
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function main() {
  let e;
  try {
    e = env();
  } catch (err) {
    console.error(`\nOps Console cannot start.\n${err instanceof EnvError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  childEnv.NEXTAUTH_SECRET ||= authSecret(e);
  const displayHost = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  const url = `http://${displayHost.includes(":") ? `[${displayHost}]` : displayHost}:${PORT}`;
  childEnv.NEXTAUTH_URL ||= url;
  if (!(await portFree(HOST, Number(PORT)))) {
    console.error(
      `\nOps Console cannot start: ${HOST}:${PORT} is already in use. Stop what is using it, or choose another port: PORT=3001 npm start\n`,
    );
    process.exit(1);
  }
  ensureBuild();
  const server = spawn(process.execPath, [path.join(root, "scripts/server.mjs")], {
    cwd: root,
    stdio: "inherit",
    env: { ...childEnv, HOST, PORT },
  });
  void announceWhenReady(url, e.embedded);
  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

await main();
