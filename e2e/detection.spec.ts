import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { DashboardPage } from "./pages/dashboard-page";
import { platform } from "./support/platform";

// The demo's overlay exporter in ap-south went quiet 25 minutes before the demo was seeded.
test("a dashboard whose component went silent says no data — not ok — and since when", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/dashboards");
  await hydrated(page);
  const tile = page.locator('a[data-dashboard="overlay-network"]');
  await expect(tile).toContainText("No data");
  await expect(tile).toContainText(/ap-south: no data since/);
  const d = new DashboardPage(page);
  await d.open("overlay-network", "?region=ap-south&from=1h");
  // Round-trip time is the overlay exporter's own signal (handshake age comes from the hosts' agents).
  const rtt = d.panel("rtt");
  await expect(rtt.getByRole("status")).toContainText(/No data/);
  await expect(rtt.getByRole("status")).toContainText(/since (\d{4}-\d\d-\d\d )?\d\d:\d\d/);
  await expect(rtt.getByRole("status")).toContainText(/not OK/i);
  // The alert rules say so too: the overlay's absent-signal rule is not "ok".
  await page.goto("/alerts");
  await hydrated(page);
  const rule = page.locator('li[data-rule="ServiceMetricsMissing"]').filter({ hasText: "overlay" });
  await expect(rule).toHaveAttribute("data-state", /firing|pending/);
});

test("the overview names an alerting pipeline whose Watchdog stopped, and pages for it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const am = await platform(browser, baseURL!);
  const source = `http://alertmanager-${Date.now()}.e2e.test`;
  await am.post("/api/v1/alerts/alertmanager", {
    version: "4",
    groupKey: "wd",
    externalURL: source,
    status: "firing",
    receiver: "ops-console",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    alerts: [
      {
        status: "firing",
        labels: { alertname: "Watchdog", severity: "low" },
        annotations: {},
        fingerprint: "e2e-watchdog",
      },
    ],
  });
  await am.close();
  await new LoginPage(page).signInAs(DEMO.oncall);
  await expect(page.locator("[data-pipeline]")).toHaveAttribute("data-pipeline", "ok");
  // A minute without its Watchdog (WATCHDOG_MISSING_MINUTES=1 here): silent, named, paged.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: "The alerting pipeline is silent" })).toContainText(source, {
      timeout: 1000,
    });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  // The page is raised by the escalation clock's next look (every ESCALATION_TICK_MS), shortly after.
  await expect(async () => {
    await page.goto("/alerts?name=AlertingPipelineSilent");
    await hydrated(page);
    await expect(page.locator('li[data-alert="AlertingPipelineSilent"]').first()).toContainText(source, {
      timeout: 1000,
    });
  }).toPass({ timeout: 60_000, intervals: [3_000] });
});
