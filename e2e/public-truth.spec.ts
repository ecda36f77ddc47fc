import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";
import { PublicStatusPage } from "./pages/status-page";

test("reopening a published incident asks what customers are told, and a skip's reason goes on the timeline", async ({
  page,
  browser,
  baseURL,
}) => {
  const marker = `${Date.now()}`;
  await new LoginPage(page).signInAs(DEMO.ic);
  await new IncidentsPage(page).declare(`Edge resets ${marker}`, "sev1", ["Edge"]);
  const inc = new IncidentPage(page);
  await expect(inc.publicView()).toContainText("Not published — customers see nothing of this incident");
  await inc.publish(`Some connections to the edge fail. (${marker})`);
  await expect(inc.publicView()).toContainText("Partial outage since");
  await expect(inc.publicView()).toContainText(`Some connections to the edge fail. (${marker})`);

  // Resolving moves /status to operational: the closing update is asked for in the same panel.
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const confirm = inc.confirmForm();
  await expect(confirm.getByTestId("public-move")).toContainText(
    "/status will show Operational instead of Partial outage",
  );
  await confirm.getByLabel("Closing update for customers (the public status page)").fill(`Fixed. (${marker})`);
  await confirm.getByRole("button", { name: /^Confirm/ }).click();
  await expect(confirm).toHaveCount(0);
  await expect(inc.publicView()).toContainText(/Resolved \d{4}-\d\d-\d\d \d\d:\d\d UTC; impact from/);

  // Reopening would show an outage under a "resolved" update: the panel says so and asks.
  await page.getByLabel("Status", { exact: true }).selectOption("investigating");
  await expect(confirm.getByTestId("public-move")).toContainText(
    `/status will show Partial outage instead of Operational; its last customer update, “Fixed. (${marker})”, would say otherwise.`,
  );
  await expect(confirm.getByLabel("Update for customers (the public status page)")).toHaveValue(/returned/);
  await confirm.getByRole("button", { name: "Don’t tell customers…" }).click();
  await confirm.getByLabel("Why customers are not told (on the timeline)").fill(`reopened for the review ${marker}`);
  await confirm.getByRole("button", { name: /^Confirm/ }).click();
  await expect(confirm).toHaveCount(0);
  await expect(inc.timeline()).toContainText(`without a customer update: reopened for the review ${marker}`);

  // A visitor sees the state with its zone, from when impact began.
  const visitor = await PublicStatusPage.visit(browser, baseURL);
  await expect(visitor.body()).toContainText(/Partial outage\s*since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await visitor.close();
});

test("an unpublished SEV1 resolves without a closing customer update", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  await new IncidentsPage(page).declare(`Scheduler stuck ${Date.now()}`, "sev1", ["Scheduler"]);
  const inc = new IncidentPage(page);
  await expect(inc.publicView()).toContainText("publishing would show Partial outage");
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const confirm = inc.confirmForm();
  await expect(confirm.getByText("Closing update for customers")).toHaveCount(0);
  await confirm.getByRole("button", { name: /^Confirm/ }).click();
  await expect(confirm).toHaveCount(0);
  await expect(inc.timeline()).toContainText("Status investigating → resolved");
  await expect(inc.publicView()).toContainText("Not published");
});

test("services come from the catalog: a typo is refused with the list, and an edit moves the freeze", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const list = new IncidentsPage(page);
  // The form offers the catalog only; the API refuses anything else, listing what it knows.
  const form = await list.openDeclare();
  await expect(form.getByRole("group", { name: "Services" }).getByRole("textbox")).toHaveCount(0);
  const res = await page.request.post("/api/v1/incidents", {
    data: { title: "Scheduler stuck", severity: "sev1", services: ["schedular"] },
  });
  expect(res.status()).toBe(400);
  const err = (await res.json()).error;
  expect(err.details.fields[0].field).toBe("body.services.0");
  expect(err.details.fields[0].message).toContain("scheduler");

  await list.declare(`Jobs not placed ${Date.now()}`, "sev1", ["Edge"]);
  await expect(page.getByText("Deploy freeze in effect for edge")).toBeVisible();
  const inc = new IncidentPage(page);
  await inc.editServices(["Scheduler"]);
  await expect(page.getByText("Deploy freeze in effect for scheduler")).toBeVisible();
  await expect(inc.timeline()).toContainText("Services edge → scheduler");
});
