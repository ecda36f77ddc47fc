import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// e2e against `npm start` (a production build) on its own port and a fresh embedded store,
// with a real OpenID provider beside it for the SSO test. Debian's Chromium, never a downloaded one.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3901);
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), "ops-console-e2e");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: BASE,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
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
        PORT: String(PORT),
        HOST: "127.0.0.1",
        DATA_DIR,
        NEXTAUTH_URL: BASE,
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "ops-console-e2e",
        OIDC_CLIENT_SECRET: "ops-console-e2e-secret",
        OIDC_NAME: "Test SSO",
        NEXT_TELEMETRY_DISABLED: "1",
        DEMO_LOGS_HOURS: "1",
      },
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
