import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { IncidentPage, IncidentsPage } from "./pages/incident-page";
import { PostmortemPage } from "./pages/postmortem-page";

// The IC of a SEV1 resolves it, writes its postmortem from the draft, assigns action items, a reviewer approves
// and the IC publishes it; the weekly review counts it this week. (Its own SEV1, not the demo's: the other specs read the demo SEV1 open.)
test("the IC resolves a SEV1, writes the postmortem from the draft, assigns action items, a reviewer approves, the IC publishes; /insights counts it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await new LoginPage(page).signInAs(DEMO.ic);
  const published = async () =>
    (
      (await (await page.request.get("/api/v1/insights?severity=sev1")).json()) as {
        postmortems: { published: number };
      }
    ).postmortems.published;
  const before = await published();

  const title = `Postmortem e2e ${Date.now()}`;
  const url = await new IncidentsPage(page).declare(title, "sev1");
  const ic = new IncidentPage(page);
  await ic.open(url);
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  const closing = ic.confirmForm().getByLabel(/Closing update for customers/);
  if (await closing.count()) await closing.fill("Everything works again.");
  await ic
    .confirmForm()
    .getByRole("button", { name: /^Confirm/ })
    .click();
  await expect(ic.confirmForm()).toHaveCount(0);

  const pm = new PostmortemPage(page);
  await pm.openFromIncident();
  // The draft: impact and detection computed from the incident.
  await expect(pm.section("Impact")).toHaveValue(/Duration: /);
  await expect(pm.section("Detection")).toHaveValue(/Time to declare: /);
  await pm.section(/^Root cause/).fill("A cipher list without the ciphers older clients offer.");
  await pm.section("Lessons learned").fill("Canary config pushes per region.");
  await pm.form().getByRole("button", { name: "Start postmortem" }).click();
  await expect(page.getByText("version 1", { exact: true })).toBeVisible();

  await pm.addActionItem({
    title: "Canary edge config pushes",
    kind: "prevent",
    owner: "usr_oncall",
    due: "2027-01-15",
  });
  await pm.form().getByRole("button", { name: "Send to review" }).click();
  await expect(pm.state()).toContainText("in review");
  // Not before a reviewer approves the version in review.
  await expect(pm.form().getByRole("button", { name: "Publish" })).toBeDisabled();
  await expect(pm.form()).toContainText("Waiting for a reviewer");

  const reviewer = await browser.newContext({ baseURL });
  const rp = await reviewer.newPage();
  await new LoginPage(rp).signInAs(DEMO.oncall);
  await rp.goto(page.url());
  await hydrated(rp);
  const rpm = new PostmortemPage(rp);
  await rpm
    .form()
    .getByRole("button", { name: /^Approve version/ })
    .click();
  await expect(rpm.form()).toContainText("approved by");
  await expect(rpm.form().getByRole("button", { name: /^Approve version/ })).toHaveCount(0);
  await reviewer.close();

  // The IC's page learns of the approval without a reload.
  await expect(pm.form().getByRole("button", { name: "Publish" })).toBeEnabled({ timeout: 30_000 });
  await pm.form().getByRole("button", { name: "Publish" }).click();
  await expect(pm.state()).toContainText("published");
  // Published: the text is read-only, corrections are appended.
  await expect(pm.section(/^Root cause/)).toHaveAttribute("readonly", "");
  await expect(page.getByRole("form", { name: "Add correction" })).toBeVisible();

  const md = await (
    await page.request.get(`${url.replace("/incidents/", "/api/v1/incidents/")}/postmortem/export`)
  ).text();
  expect(md).toContain("A cipher list without the ciphers older clients offer.");
  expect(md).toContain("**prevent** Canary edge config pushes");

  await page.goto("/insights?days=7&severity=sev1");
  await hydrated(page);
  await expect(page.getByText(`${before + 1} published`)).toBeVisible();
  const clocks = page.getByRole("table").filter({ hasText: "MTTR median" });
  await expect(clocks.getByRole("row", { name: /^SEV1/ })).toBeVisible();
});
