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
  await expect(row).toContainText("acknowledged");

  // Narrow to this alert by its name: the list, the totals and the URL follow.
  await page.getByRole("group", { name: "Filter by alert name" }).getByRole("button", { name: new RegExp(name) }).click();
  await expect(page).toHaveURL(new RegExp(`name=${name}`));
  await expect(page.locator("[data-alert]")).toHaveCount(1);
  await expect(page.getByTestId("alert-totals")).toHaveText(`1 ${name} alert open: 0 pages, 1 ticket`);
});
