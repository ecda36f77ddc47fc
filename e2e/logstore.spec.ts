import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { LogsPage } from "./pages/logs-page";

// Runs against the console started with LOG_STORE=chdb (playwright.config.ts): its logs live in ClickHouse.
test("the console keeps its logs in chDB, and the demo's backfill reads back on the log page", async ({
  page,
  request,
}) => {
  const ready = await request.get("/api/v1/ready");
  expect(await ready.json()).toMatchObject({ status: "ready", log_store: "chdb" });
  await new LoginPage(page).signInAs(DEMO.acme);
  const logs = new LogsPage(page);
  await logs.goto("acme");
  await expect(logs.rows().first()).toBeVisible();
});
