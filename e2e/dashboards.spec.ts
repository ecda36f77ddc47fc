import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { DashboardPage } from "./pages/dashboard-page";

const SLUGS = ["overview", "control-plane", "edge", "host-fleet", "overlay-network", "storage"];

test("every dashboard draws all its charts without console errors", async ({ page }) => {
  test.setTimeout(90_000); // six dashboards, each waiting for every panel
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await new LoginPage(page).signInAs(DEMO.oncall);
  const d = new DashboardPage(page);
  for (const slug of SLUGS) {
    await d.open(slug);
    const drawn = await d.expectAllPanelsDrawn();
    expect(drawn, slug).toBeGreaterThanOrEqual(5);
  }
  expect(errors).toEqual([]);
});

test("the dashboard list shows each dashboard's state, and the edge degradation is critical", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/dashboards");
  await hydrated(page);
  await expect(page.locator("[data-dashboard]")).toHaveCount(6);
  const edge = page.locator('[data-dashboard="edge"]');
  await expect(edge).toContainText("Critical");
  await expect(edge).toContainText("eu-west");
  await edge.click();
  await expect(page.getByRole("heading", { name: "Edge", exact: true })).toBeVisible();
});

test("time range and region live in the URL and survive a reload", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  const d = new DashboardPage(page);
  await d.open("edge");
  await d.setRange("Last 24 hours");
  await expect(page).toHaveURL(/from=24h/);
  await d.setRegion("eu-west");
  await expect(page).toHaveURL(/region=eu-west/);
  await expect(page).toHaveURL(/from=24h/);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Time range")).toHaveValue("24h");
  await expect(page.getByLabel("Region")).toHaveValue("eu-west");
  const success = page.locator('section[data-panel="connect-success"]');
  await expect(success.locator(".chart-line")).toHaveCount(1); // eu-west only
  // A custom absolute range round-trips too.
  await page.getByLabel("Time range").selectOption("custom");
  const form = page.getByRole("form", { name: "Custom time range" });
  await form.getByLabel("From (UTC)").fill("2026-01-01T00:00");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2026-01-01T00%3A00%3A00.000Z|from=2026-01-01T00:00:00.000Z/);
  await expect(page.getByRole("alert").first()).toContainText("longer than 31 days"); // the API's 400, shown plainly
});

test("a chart point starts a prefilled incident declaration", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  const d = new DashboardPage(page);
  await d.open("edge", "?region=eu-west&from=1h");
  const form = await d.declareFromChart("connect-success", "click");
  await expect(form.getByLabel("Title")).toHaveValue("Connect success degraded in eu-west");
  await expect(
    form.getByRole("group", { name: "Regions" }).getByRole("checkbox", { checked: true }),
  ).toHaveAccessibleName("eu-west");
  await expect(
    form.getByRole("group", { name: "Services" }).getByRole("checkbox", { checked: true }),
  ).toHaveAccessibleName("Edge");
  // INC-1 already covers the edge in eu-west: the form says so before a duplicate is declared.
  await expect(form.getByRole("status")).toContainText("INC-1");
});

test("in the all-regions view a tap on a chart (no hover first) picks the region that is worst at that point", async ({
  browser,
  baseURL,
}) => {
  const phone = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const page = await phone.newPage();
  await new LoginPage(page).signInAs(DEMO.oncall);
  const d = new DashboardPage(page);
  await d.open("edge", "?from=1h");
  const form = await d.declareFromChart("connect-success", "tap");
  await expect(form.getByLabel("Title")).toHaveValue("Connect success degraded in eu-west");
  await expect(
    form.getByRole("group", { name: "Regions" }).getByRole("checkbox", { checked: true }),
  ).toHaveAccessibleName("eu-west");
  await phone.close();
});

test("the overview shows SLO cards per region with the eu-west edge page", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/");
  await hydrated(page);
  const euWest = page.getByRole("region", { name: "SLOs in eu-west" });
  await expect(euWest.locator('[data-slo="edge-connect:eu-west"]')).toHaveAttribute("data-state", "page");
  await expect(euWest.locator('[data-slo="edge-connect:eu-west"]')).toContainText("Budget left");
  await expect(page.getByRole("region", { name: "SLOs in us-east" })).toContainText("within budget");
});

test("a tenant cannot open dashboards", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  await expect(
    page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Dashboards" }),
  ).toHaveCount(0);
  await page.goto("/dashboards/edge");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  const api = await page.request.get("/api/v1/dashboards/edge");
  expect(api.status()).toBe(403);
  await expect(page.getByRole("region", { name: "Service level objectives" })).toHaveCount(0);
});
