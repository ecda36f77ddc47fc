import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Unit tests live beside the code (lib/**/*.test.ts); integration tests in tests/integration run the
// route handlers on a real database: PGlite by default, a Postgres server when TEST_DATABASE_URL is set.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // The Prometheus suite starts Prometheus and Alertmanager; it runs as its own step (PROMETHEUS_SUITE=1).
    exclude: [...configDefaults.exclude, ...(process.env.PROMETHEUS_SUITE ? [] : ["tests/prometheus/**"])],
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/support/global-setup.ts"],
    env: {
      NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      NEXTAUTH_URL: "http://console.test",
      // The suites' receivers listen on 127.0.0.1; every other internal address stays refused.
      OUTBOUND_ALLOW: "127.0.0.1",
    },
  },
});
