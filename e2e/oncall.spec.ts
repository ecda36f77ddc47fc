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

test("an admin sees a preview before a schedule change, and the change does not rewrite today's past shifts", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  const oncall = new OnCallPage(page);
  await oncall.open();
  await expect(oncall.next()).toContainText("Primary");
  // Today's first primary shift (from 00:00 UTC): who held it, and from when.
  const first = oncall.shifts("primary").getByRole("listitem").first();
  const who = await first.locator("span").first().innerText();
  const since = await first.locator("time").first().getAttribute("datetime");
  await oncall.editSchedule();
  const preview = await oncall.proposeRotation("primary", "weekly", "2026-11-23", "Enter");
  await expect(preview.getByRole("table", { name: "On call now, before and after" })).toContainText("Primary");
  await expect(
    preview.getByRole("list", { name: "Primary shifts after saving" }).getByRole("listitem"),
  ).not.toHaveCount(0);
  // The demo has Ada on secondary and tertiary at once: said so, and saving waits until that is meant.
  await expect(preview.getByRole("alert", { name: "Warnings" })).toContainText(
    "Ada Admin is on secondary and tertiary at the same time",
  );
  await expect(preview.getByRole("button", { name: "Confirm and save" })).toBeDisabled();
  // Nothing is saved until confirmed.
  await expect(oncall.editor()).toContainText(/Version \d+\. Saving shows/);
  const saved = await oncall.confirmSave({ twoLayersMeant: true });
  // The button it was pressed on is gone: the keyboard is left on the outcome, not lost.
  await expect(saved).toBeFocused();
  // The morning is still the record: same person, same start.
  await expect(first.locator("span").first()).toHaveText(who);
  await expect(first.locator("time").first()).toHaveAttribute("datetime", since!);
  // Back to daily, as the demo runs.
  await oncall.rotate("primary", "daily", "2026-01-05", { twoLayersMeant: true });
});
