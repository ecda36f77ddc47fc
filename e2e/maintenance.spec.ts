import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { MaintenancePage } from "./pages/maintenance-page";
import { PublicStatusPage } from "./pages/status-page";
import { platform } from "./support/platform";

const H = 3_600_000;

test("an operator schedules maintenance 73 h ahead in the form, and visitors see it announced on /status", async ({
  page,
  browser,
  baseURL,
}) => {
  const marker = `e2e-${Date.now()}`;
  const rollback = `rollback ${marker}: redeploy the previous edge release`;
  await new LoginPage(page).signInAs(DEMO.oncall);
  const m = new MaintenancePage(page);
  await m.open();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Maintenance" })).toBeVisible();

  // Too soon for scheduled work: the server's reason, under the field it names.
  const base = Date.now();
  await m.fill({
    service: "Edge",
    region: "eu-west",
    start: base + 20 * H,
    end: base + 21 * H,
    description: `Edge proxies are upgraded (${marker.slice(4)}); connections may be reset once.`,
    rollback,
  });
  await m.submit();
  await expect(m.fieldError("start")).toContainText("scheduled maintenance is announced at least 72 h ahead");

  await m
    .form()
    .getByLabel("Starts (UTC)")
    .fill(new Date(base + 73 * H).toISOString().slice(0, 16).replace("T", " "));
  await m
    .form()
    .getByLabel("Ends (UTC)")
    .fill(new Date(base + 74 * H).toISOString().slice(0, 16).replace("T", " "));
  await m.submit();
  await m.expectScheduled();
  await expect(m.upcoming(marker.slice(4))).toContainText("edge");

  const visitor = await PublicStatusPage.visit(browser, baseURL);
  await expect(
    visitor.text(`Edge proxies are upgraded (${marker.slice(4)}); connections may be reset once.`),
  ).toBeVisible();
  await expect(visitor.body()).toContainText(/Scheduled maintenance: Edge in eu-west, \w{3} \d{4}-\d{2}-\d{2}/);
  await expect(visitor.body()).not.toContainText(rollback);
  await visitor.close();
});

test("an alert for work under way is held by the window, named on the alert, and notifies nobody", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await new LoginPage(page).signInAs(DEMO.oncall);
  // Emergency work from now, approved by an admin: the overlay in us-east for half an hour.
  const now = Date.now();
  const res = await page.request.post("/api/v1/maintenance", {
    data: {
      kind: "emergency",
      services: ["overlay"],
      regions: ["us-east"],
      start: new Date(now).toISOString(),
      end: new Date(now + 0.5 * H).toISOString(),
      description: "WireGuard keys in us-east are rotated.",
      rollback_plan: "Put the previous keys back from the vault.",
      approved_by: "usr_admin",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { maintenance_window: w } = (await res.json()) as { maintenance_window: { id: string; ref: string } };

  const alert = `OverlayHandshakeStale${now}`;
  const am = await platform(browser, baseURL!);
  await am.alert(
    alert,
    { severity: "page", service: "overlay", region: "us-east" },
    { summary: `${alert} in the e2e test`, runbook_url: "/runbooks/edge-connect-failures" },
  );
  await am.close();
  await page.goto(`/alerts?name=${alert}`);
  const row = page.locator(`li[data-alert="${alert}"]`);
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(`held by maintenance ${w.ref}`, { timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  await expect(row.getByRole("list", { name: "Notified" })).toHaveCount(0); // nobody notified while held

  // Cancelled, the hold ends: the primary is notified.
  expect((await page.request.post(`/api/v1/maintenance/${w.id}/cancel`)).status()).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole("list", { name: "Notified" })).toContainText("primary:", { timeout: 1000 });
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  await expect(row).not.toContainText("held by maintenance");
});
