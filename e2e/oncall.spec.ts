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
