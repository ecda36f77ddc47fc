import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { AlertsPage } from "./pages/alerts-page";
import { IncidentPage } from "./pages/incident-page";
import { platform } from "./support/platform";

test("an alert posted by Alertmanager shows up on /alerts and can be acknowledged", async ({
  page,
  browser,
  baseURL,
}) => {
  const name = `E2EDiskPressure${Date.now()}`;
  const am = await platform(browser, baseURL!);
  await am.alert(name, { host: "host-042" }, { summary: "disk 91% full" });
  await am.close();

  await new LoginPage(page).signInAs(DEMO.oncall);
  const alerts = new AlertsPage(page);
  await alerts.open();
  await expect(alerts.row(name)).toContainText("ticket");
  await expect(alerts.row(name)).toContainText("disk 91% full");
  await alerts.ack(name);
  await expect(alerts.row(name)).toContainText("Acknowledged by Olivia Oncall");

  // Narrow to this alert by its name: the list, the totals and the URL follow.
  await alerts.filterByName(name);
  await expect(alerts.rows()).toHaveCount(1);
  await expect(alerts.totals()).toHaveText(`1 ${name} alert open: 0 pages, 1 ticket`);
});

test("a page for the edge in eu-west is attached to the open incident it belongs to, not declared twice", async ({
  page,
  browser,
  baseURL,
}) => {
  const name = `E2EEdgeConnect${Date.now()}`;
  const am = await platform(browser, baseURL!);
  await am.alert(
    name,
    { severity: "page", service: "edge", region: "eu-west" },
    { summary: "edge connect failures in eu-west", runbook_url: "https://runbooks.example/edge" },
  );
  await am.close();

  await new LoginPage(page).signInAs(DEMO.oncall);
  const alerts = new AlertsPage(page);
  await alerts.open(`?name=${name}`);
  const row = alerts.row(name);
  // The demo's SEV1 (INC-1) covers the edge in eu-west: attaching is the first offer; declaring asks first.
  // A page shows its escalation clock, and who it has reached so far.
  await expect(row.getByTestId("page-clock")).toContainText("critical page: acknowledge within 5 min");
  await row.getByRole("button", { name: "Declare new…" }).click();
  await expect(row.getByRole("alert")).toContainText("INC-1");
  await row.getByRole("button", { name: "Cancel" }).click();
  await row.getByRole("button", { name: "Attach to INC-1" }).click();
  await expect(row.getByRole("link", { name: "INC-1" })).toBeVisible();

  const incident = new IncidentPage(page);
  await incident.open("/incidents/INC-1");
  await expect(alerts.row(name)).toContainText("firing");
  await expect(incident.timeline()).toContainText(`Alert ${name} attached`);
});
