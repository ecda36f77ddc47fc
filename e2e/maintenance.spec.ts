import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { MaintenancePage } from "./pages/maintenance-page";
import { PublicStatusPage } from "./pages/status-page";

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
