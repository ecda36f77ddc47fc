import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { OnCallPage } from "./pages/oncall-page";

test("an operator takes the primary shift with an override, sees themselves on call, and cancels it", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  const oncall = new OnCallPage(page);
  await oncall.open();
  await expect(oncall.now()).toContainText("Primary");
  await oncall.takeShift("primary", "Ada Admin (me)", "covering while Olivia travels");
  await expect(oncall.onCall("primary")).toContainText("Ada Admin");
  await expect(oncall.onCall("primary")).toContainText("override");
  await expect(oncall.overrides("primary", "Ada Admin")).toHaveCount(1);
  // The overview says so too.
  await page.goto("/");
  await expect(oncall.now()).toContainText("primary Ada Admin (override)");
  await oncall.open();
  await oncall.cancelOverride("primary");
  await expect(oncall.overrides("primary")).toHaveCount(0);
  await expect(oncall.onCall("primary")).not.toContainText("Ada Admin");
});

test("an admin changes the primary rotation to weekly, and the week shows one shift", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  const oncall = new OnCallPage(page);
  await oncall.open();
  await oncall.editSchedule();
  const saved = await oncall.rotate("primary", "weekly", "2026-11-23", "Enter");
  // The button it was pressed on is disabled now: the keyboard is left on the outcome, not lost.
  await expect(saved).toBeFocused();
  // Monday to Monday: the week's primary list now holds at most two shifts, each a week long where whole.
  await expect(oncall.shifts("primary").getByRole("listitem")).toHaveCount(2);
  // Back to daily, as the demo runs.
  await oncall.rotate("primary", "daily", "2026-01-05");
  await expect(oncall.shifts("primary").getByRole("listitem")).not.toHaveCount(2);
});
