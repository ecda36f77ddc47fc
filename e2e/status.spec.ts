import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";
import { PublicStatusPage } from "./pages/status-page";

test("an IC posts a customer update and a visitor without an account sees it on /status — and never an internal note", async ({
  page,
  browser,
  baseURL,
}) => {
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
  await form
    .getByLabel("Entry")
    .fill(`Some customers cannot attach volumes. We are investigating. (${marker.slice(4)})`);
  await form.getByLabel("Entry").press("Control+Enter");
  await expect(inc.timeline()).toContainText("customer update");

  const visitor = await PublicStatusPage.visit(browser, baseURL);
  await expect(
    visitor.text(`Some customers cannot attach volumes. We are investigating. (${marker.slice(4)})`),
  ).toBeVisible();
  await expect(visitor.text(marker)).toHaveCount(0);
  await expect(visitor.body()).not.toContainText("Ian Commander");

  // Resolving a SEV1 asks for the closing update, and the visitor's page shows it within seconds.
  await inc.open(url);
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const confirm = inc.confirmForm();
  await confirm
    .getByLabel("Closing update for customers (the public status page)")
    .fill(`Volume attach works again. (${marker.slice(4)})`);
  await confirm.getByRole("button", { name: /^Confirm/ }).click();
  await expect(visitor.text(`Volume attach works again. (${marker.slice(4)})`)).toBeVisible({ timeout: 10_000 });
  await visitor.close();
});
