import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";

test("an IC posts a customer update and a visitor without an account sees it on /status — and never an internal note", async ({ page, browser, baseURL }) => {
  const marker = `e2e-${Date.now()}`;
  await new LoginPage(page).signInAs(DEMO.ic);
  const url = await new IncidentsPage(page).declare(`Storage attach failures ${marker}`);
  const inc = new IncidentPage(page);
  await inc.write("note", `internal suspicion ${marker}`);
  // The page says a customer update is due and offers to write one.
  await page.getByTestId("customer-update-due").getByRole("button", { name: "Write a customer update" }).click();
  const form = page.getByRole("form", { name: "Add to timeline" });
  await expect(form.getByLabel("Kind")).toHaveValue("status_update");
  await expect(form.getByLabel("Audience")).toHaveValue("customer");
  await expect(form.getByLabel("Entry")).toBeFocused();
  await form.getByLabel("Entry").fill(`Some customers cannot attach volumes. We are investigating. (${marker.slice(4)})`);
  await form.getByLabel("Entry").press("Control+Enter");
  await expect(inc.timeline()).toContainText("customer update");

  const visitor = await (await browser.newContext({ baseURL })).newPage();
  await visitor.goto("/status");
  await hydrated(visitor);
  await expect(visitor).toHaveURL(/\/status$/); // no sign-in asked
  await expect(visitor.getByText(`Some customers cannot attach volumes. We are investigating. (${marker.slice(4)})`)).toBeVisible();
  await expect(visitor.getByText(marker)).toHaveCount(0);
  await expect(visitor.locator("body")).not.toContainText("Ian Commander");

  // Resolving a SEV1 asks for the closing update, and the visitor's page shows it within seconds.
  await page.goto(url);
  await hydrated(page);
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const confirm = page.getByRole("form", { name: "Confirm the change" });
  await confirm.getByLabel("Closing update for customers (the public status page)").fill(`Volume attach works again. (${marker.slice(4)})`);
  await confirm.getByRole("button", { name: /^Confirm/ }).click();
  await expect(visitor.getByText(`Volume attach works again. (${marker.slice(4)})`)).toBeVisible({ timeout: 10_000 });
  await visitor.context().close();
});
