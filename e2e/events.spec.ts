import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { LogsPage } from "./pages/logs-page";
import { platform } from "./support/platform";

// The platform's events as the people who ask "why?" use them: a tenant whose app restarts, an operator
// whose deploy does not serve, and the stream itself. The demo's simulator puts acme/api/production's web
// process in an out-of-memory restart loop and leaves globex/billing/staging failing its health check.

/**
 * Waits until the demo feed has written what a test reads — an env's events, or its log lines (it writes them
 * after start, a first start's hour of history last of all): the list at `path` has a row under `key`.
 */
async function waitForRows(page: import("@playwright/test").Page, path: string, key: "events" | "lines") {
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`${path}&limit=1`)).json()) as Record<string, unknown[] | undefined>)[key]
          ?.length ?? 0,
      {
        timeout: 90_000,
        intervals: [1000],
      },
    )
    .toBeGreaterThan(0);
}

test("the acme tenant finds why its api's web process restarts — out of memory, with its memory — in two clicks from its logs", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  await waitForRows(page, "/api/v1/orgs/acme/events?app=api&env=production&kind=instance.stopped", "events");
  await waitForRows(page, "/api/v1/orgs/acme/logs?app=api&env=production&start=1h", "lines");
  const logs = new LogsPage(page);
  await logs.goto("acme", "?app=api&env=production&start=1h");
  await logs.rows().first().click(); // 1
  await logs
    .detail()
    .getByRole("link", { name: /Is api · production serving\?/ })
    .click(); // 2
  await expect(page).toHaveURL(/\/orgs\/acme\/envs\/api\/production$/);
  const restarts = page.getByRole("list", { name: "Restarts in the last hour" }).first();
  await expect(restarts).toContainText("out of memory — 512 MiB of 512 MiB");
  // A tenant never sees where its instances run.
  await expect(page.getByRole("main")).not.toContainText(/host-\d|edge-[a-z]+-[a-z]+-\d/);
});

test("an operator's describe of globex's billing staging says not serving, and why, after stating a reason", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/orgs/globex/envs/billing/staging");
  await hydrated(page);
  await page.getByLabel("Reason").fill(`SUP-${Date.now()} billing staging down`);
  await page.getByRole("button", { name: "Continue" }).click();
  const verdict = page.getByRole("region", { name: /serving/i }).first();
  await expect(verdict).toHaveAttribute("data-verdict", "not_serving", { timeout: 90_000 });
  await expect(verdict).toContainText("GET /health answered 503");
});

test("the platform's event stream shows a new event within a second of its post", async ({
  page,
  browser,
  baseURL,
}) => {
  const agent = await platform(browser, baseURL!, ["events:write"]);
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/platform/events");
  await hydrated(page);
  await page.getByRole("button", { name: "Go live" }).click();
  await expect(page.getByText("● live")).toBeVisible();
  const id = `e2e-${Date.now()}`;
  const posted = Date.now();
  await agent.post("/api/v1/platform/events", {
    events: [
      {
        event_id: id,
        ts: new Date().toISOString(),
        kind: "instance.failed",
        region: "eu-west",
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        process_type: "web",
        instance_id: id,
        reason: "crashed",
        exit_code: 3,
      },
    ],
  });
  const line = page
    .getByRole("list", { name: "New events" })
    .getByText(`instance ${id} failed: crashed with exit code 3`)
    .first();
  await expect(line).toBeVisible({ timeout: 1000 });
  expect(Date.now() - posted).toBeLessThan(1500);
  await agent.close();
});
