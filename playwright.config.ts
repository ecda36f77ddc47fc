import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// e2e against `npm start` (a production build) on its own port and a fresh embedded store,
// with a real OpenID provider beside it for the SSO test; and the log and trace pages again on a second
// console that keeps its logs and spans in chDB (LOG_STORE=chdb). Debian's Chromium, never a downloaded one.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CHDB_PORT = Number(process.env.E2E_CHDB_PORT ?? PORT + 1);
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3901);
const BASE = `http://127.0.0.1:${PORT}`;
const CHDB_BASE = `http://127.0.0.1:${CHDB_PORT}`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "ops-console-e2e");
const CHDB_DATA_DIR = `${DATA_DIR}-chdb`;
/** The specs that run again against the console whose logs (and spans) are in chDB. */
const LOG_SPECS = /(logs|investigate|logstore|traces)\.spec\.ts$/;
const consoleEnv = (port: number, dataDir: string) => ({
  PORT: String(port),
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
  DEMO_LOGS_HOURS: "1",
  // The specs' receivers listen on 127.0.0.1; every other internal address stays refused.
  OUTBOUND_ALLOW: "127.0.0.1",
  // A pipeline is silent after a minute without its Watchdog (the demo's own beats every 15 s).
  WATCHDOG_MISSING_MINUTES: "1",
});

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  projects: [
    { name: "embedded", testIgnore: /logstore\.spec\.ts$/, use: { baseURL: BASE } },
    { name: "logs in chDB", testMatch: LOG_SPECS, use: { baseURL: CHDB_BASE } },
  ],
  use: {
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: "node e2e/support/oidc-provider.mjs",
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(OIDC_PORT), CONSOLE_URL: BASE },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf '${DATA_DIR}' && npm start`,
      url: `${BASE}/api/v1/ready`,
      env: {
        ...consoleEnv(PORT, DATA_DIR),
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "ops-console-e2e",
        OIDC_CLIENT_SECRET: "ops-console-e2e-secret",
        OIDC_NAME: "Test SSO",
      },
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Started after the first is ready, so it serves the same build.
      command: `rm -rf '${CHDB_DATA_DIR}' && npm start`,
      url: `${CHDB_BASE}/api/v1/ready`,
      env: { ...consoleEnv(CHDB_PORT, CHDB_DATA_DIR), LOG_STORE: "chdb" },
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
