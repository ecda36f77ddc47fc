import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";

test("an IC declares, writes and changes status while a second viewer sees it live; the export holds it all", async ({ page, browser, baseURL }) => {
  const title = `Checkout latency ${Date.now()}`;
  await new LoginPage(page).signInAs(DEMO.ic);
  const url = await new IncidentsPage(page).declare(title);
  await expect(page.getByText("Deploy freeze in effect")).toBeVisible();

  const other = await browser.newContext({ baseURL });
  const viewerPage = await other.newPage();
  await new LoginPage(viewerPage).signInAs(DEMO.oncall);
  const viewer = new IncidentPage(viewerPage);
  await viewer.open(url);

  const ic = new IncidentPage(page);
  await ic.write("action", "Scaled checkout workers from 4 to 12");
  await expect(viewer.timeline()).toContainText("Scaled checkout workers from 4 to 12", { timeout: 3_000 });
  await ic.write("decision", "Fail over payments to the secondary provider");
  await expect(viewer.timeline()).toContainText("Fail over payments to the secondary provider", { timeout: 3_000 });
  await ic.setStatus("mitigated");
  await expect(viewer.timeline()).toContainText("Status investigating → mitigated", { timeout: 3_000 });
  await expect(viewerPage.getByText("Deploy freeze in effect")).toHaveCount(0, { timeout: 3_000 });

  const ref = url.split("/").pop()!;
  const md = await page.request.get(`/api/v1/incidents/${ref}/export?format=markdown`);
  const text = await md.text();
  for (const s of [`# ${ref}: ${title}`, "Scaled checkout workers from 4 to 12", "Fail over payments to the secondary provider", "Status investigating → mitigated", "| Incident commander | Ian Commander |"]) expect(text).toContain(s);
  await other.close();
});

test("the composer keeps its draft across a reload", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/incidents");
  await page.getByText("Edge connect failures in eu-west").first().click();
  const entry = page.getByRole("form", { name: "Add to timeline" }).getByLabel("Entry");
  await entry.fill("half-written thought about the rollback");
  await page.reload();
  await expect(entry).toHaveValue("half-written thought about the rollback");
  await entry.fill("");
});

test("a tenant cannot open incidents", async ({ page, request }) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  await page.goto("/incidents");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  const res = await page.request.get("/api/v1/incidents");
  expect(res.status()).toBe(403);
  expect((await request.get("/api/v1/incidents")).status()).toBe(401);
});
