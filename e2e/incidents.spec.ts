import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";

test("an IC declares, writes and changes status while a second viewer sees it live; the export holds it all", async ({
  page,
  browser,
  baseURL,
}) => {
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
  for (const s of [
    `# ${ref}: ${title}`,
    "Scaled checkout workers from 4 to 12",
    "Fail over payments to the secondary provider",
    "Status investigating → mitigated",
    "| Incident commander | Ian Commander |",
  ])
    expect(text).toContain(s);
  await other.close();
});

test("arrow keys on a focused status control change nothing until the change is confirmed, with an update", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const url = await new IncidentsPage(page).declare(`Keyboard safety ${Date.now()}`);
  const ic = new IncidentPage(page);
  await ic.open(url);
  const status = page.getByLabel("Status", { exact: true });
  await status.focus();
  for (let i = 0; i < 3; i++) await status.press("ArrowDown");
  // Nothing happened yet: the freeze stands, the timeline has no status change, the confirmation says what would.
  await expect(ic.confirmForm()).toContainText("This ends the deploy freeze on every service in every region.");
  await expect(page.getByText("Deploy freeze in effect")).toBeVisible();
  await expect(ic.timeline()).not.toContainText("Status investigating →");
  await page.reload();
  await expect(page.getByText("Deploy freeze in effect")).toBeVisible();
  await expect(status).toHaveValue("investigating");
  // Escape drops a pick; a confirmed pick carries its update into the same entry.
  await status.selectOption("identified");
  await ic.confirmForm().getByLabel("Update for the timeline (optional)").press("Escape");
  await expect(ic.confirmForm()).toHaveCount(0);
  await expect(status).toHaveValue("investigating");
  await ic.setStatus("mitigated", "rolled back the config; errors at baseline");
  await expect(ic.timeline()).toContainText(
    "Status investigating → mitigated. Ends the deploy freeze on every service in every region. — rolled back the config; errors at baseline",
  );
  await expect(page.getByText("Deploy freeze in effect")).toHaveCount(0);
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
