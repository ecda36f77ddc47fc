import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { platform } from "./support/platform";

test("an alert posted by Alertmanager shows up on /alerts and can be acknowledged", async ({ page, browser, baseURL }) => {
  const name = `E2EDiskPressure${Date.now()}`;
  const am = await platform(browser, baseURL!);
  await am.alert(name, { host: "host-042" }, { summary: "disk 91% full" });
  await am.close();

  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/alerts");
  await hydrated(page);
  const row = page.locator(`[data-alert="${name}"]`);
  await expect(row).toContainText("ticket");
  await expect(row).toContainText("disk 91% full");
  await row.getByRole("button", { name: "Ack" }).click();
  await expect(row).toContainText("Acknowledged by Olivia Oncall");

  // Narrow to this alert by its name: the list, the totals and the URL follow.
  await page.getByRole("group", { name: "Filter by alert name" }).getByRole("button", { name: new RegExp(name) }).click();
  await expect(page).toHaveURL(new RegExp(`name=${name}`));
  await expect(page.locator("[data-alert]")).toHaveCount(1);
  await expect(page.getByTestId("alert-totals")).toHaveText(`1 ${name} alert open: 0 pages, 1 ticket`);
});

test("a page for the edge in eu-west is attached to the open incident it belongs to, not declared twice", async ({ page, browser, baseURL }) => {
  const name = `E2EEdgeConnect${Date.now()}`;
  const am = await platform(browser, baseURL!);
  await am.alert(name, { severity: "page", service: "edge", region: "eu-west" }, { summary: "edge connect failures in eu-west", runbook_url: "https://runbooks.example/edge" });
  await am.close();

  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto(`/alerts?name=${name}`);
  await hydrated(page);
  const row = page.locator(`[data-alert="${name}"]`);
  // The demo's SEV1 (INC-1) covers the edge in eu-west: attaching is the first offer; declaring asks first.
  // A page shows its escalation clock, and who it has reached so far.
  await expect(row.getByTestId("page-clock")).toContainText("critical page: acknowledge within 5 min");
  await row.getByRole("button", { name: "Declare new…" }).click();
  await expect(row.getByRole("alert")).toContainText("INC-1");
  await row.getByRole("button", { name: "Cancel" }).click();
  await row.getByRole("button", { name: "Attach to INC-1" }).click();
  await expect(row.getByRole("link", { name: "INC-1" })).toBeVisible();

  await page.goto("/incidents/INC-1");
  await hydrated(page);
  await expect(page.locator(`[data-alert="${name}"]`)).toContainText("firing");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(`Alert ${name} attached`);
});
