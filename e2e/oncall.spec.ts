import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";

test("an operator takes the primary shift with an override, sees themselves on call, and cancels it", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  await page.goto("/oncall");
  await hydrated(page);
  const now = page.getByRole("list", { name: "On call now" });
  await expect(now).toContainText("Primary");
  const form = page.getByRole("form", { name: "Take a shift" });
  await form.getByLabel("Layer").selectOption("primary");
  await form.getByLabel("Who takes the shift").selectOption({ label: "Ada Admin (me)" });
  await form.getByLabel("Reason (optional)").fill("covering while Olivia travels");
  await form.getByRole("button", { name: "Add override" }).click();
  await expect(now.getByRole("listitem").filter({ hasText: "Primary" })).toContainText("Ada Admin");
  await expect(now.getByRole("listitem").filter({ hasText: "Primary" })).toContainText("override");
  const shifts = page.getByRole("list", { name: "Primary shifts" });
  await expect(shifts.locator("[data-override]").filter({ hasText: "Ada Admin" })).toHaveCount(1);
  // The overview says so too.
  await page.goto("/");
  await expect(page.getByRole("list", { name: "On call now" })).toContainText("primary Ada Admin (override)");
  await page.goto("/oncall");
  await hydrated(page);
  await shifts.getByRole("button", { name: "Cancel override" }).click();
  await expect(shifts.locator("[data-override]")).toHaveCount(0);
  await expect(now.getByRole("listitem").filter({ hasText: "Primary" })).not.toContainText("Ada Admin");
});

test("an admin changes the primary rotation to weekly, and the week shows one shift", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  await page.goto("/oncall");
  await hydrated(page);
  await page.getByText("Edit the schedule (admins)").click();
  const editor = page.getByRole("form", { name: "Edit the schedule" });
  const primary = editor.locator('[data-layer="primary"]');
  await primary.getByLabel("Rotates").selectOption("weekly");
  await primary.getByLabel("First shift on").fill("2026-11-23");
  await editor.getByRole("button", { name: "Save as a new version" }).press("Enter");
  await expect(editor.getByRole("status")).toContainText(/Saved version \d+/);
  // The button it was pressed on is disabled now: the keyboard is left on the outcome, not lost.
  await expect(editor.getByRole("status")).toBeFocused();
  // Monday to Monday: the week's primary list now holds at most two shifts, each a week long where whole.
  const shifts = page.getByRole("list", { name: "Primary shifts" }).getByRole("listitem");
  await expect(shifts).toHaveCount(2);
  // Back to daily, as the demo runs.
  await primary.getByLabel("Rotates").selectOption("daily");
  await primary.getByLabel("First shift on").fill("2026-01-05");
  await editor.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByRole("list", { name: "Primary shifts" }).getByRole("listitem")).not.toHaveCount(2);
});
