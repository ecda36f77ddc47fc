import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { platform } from "./support/platform";
import { HandoffPage } from "./pages/handoff-page";

test("the outgoing hands over, the incoming checks in and takes over; a ticket raised meanwhile shows up", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two people sign in, summarize every open incident and hand over: more than 30 s when the machine is busy.
  test.setTimeout(90_000);
  await new LoginPage(page).signInAs(DEMO.oncall);
  const out = new HandoffPage(page);
  const id = await out.startTo("Ian Commander");

  // The gate's reasons are on the page before anything is done.
  const gate = page.getByRole("status", { name: "Before you can hand over" });
  await expect(gate).toContainText("is not done");
  await expect(gate).toContainText("has no investigation summary");

  // An alert ticket arrives from Alertmanager during the handoff.
  const name = `E2EHandoffTicket${Date.now()}`;
  const am = await platform(browser, baseURL!);
  await am.alert(name, {}, { summary: `queue depth high ${name}` });
  await am.close();

  await out.tickAll("End of shift checklist");
  await out.submit("Rollback 60% through; watch connect success recover above 99.9% before closing.");
  await expect(page.getByRole("button", { name: /^Submit handoff/ })).toHaveCount(0);

  // The incoming sees it, with the ticket in the live context.
  const inc = await browser.newContext({ baseURL });
  const ip = await inc.newPage();
  await new LoginPage(ip).signInAs(DEMO.ic);
  await ip.goto("/handoffs");
  await hydrated(ip);
  await ip
    .getByRole("region", { name: "Your handoffs" })
    .getByRole("link", { name: "Olivia Oncall → Ian Commander" })
    .click();
  await expect(ip).toHaveURL(new RegExp(`/handoffs/${id}$`));
  await hydrated(ip);
  await expect(ip.getByRole("region", { name: "Alerts" })).toContainText(`queue depth high ${name}`);
  await expect(ip.getByRole("list", { name: "Investigation summaries" })).toContainText("Rollback 60% through");
  const before = ip.getByRole("status", { name: "Before you can take over" });
  await expect(before).toContainText("Confirm paging system is reachable");
  await new HandoffPage(ip).tickAll("Start of shift checklist");
  await expect(before).toHaveCount(0);
  await expect(page.getByText("● live")).toBeVisible(); // the outgoing still has the handoff open
  await ip.getByRole("button", { name: "Acknowledge and take over" }).click();
  await expect(ip.getByText("acknowledged", { exact: true }).first()).toBeVisible();
  // …and sees the acknowledgement at once, without reloading (its page polls only every 15 s).
  await expect(page.getByText("acknowledged", { exact: true }).first()).toBeVisible({ timeout: 5_000 });
  await inc.close();

  // The demo SEV1's timeline now carries the handoff.
  await page.goto("/incidents/INC-1");
  await hydrated(page);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(
    "Handoff from Olivia Oncall to Ian Commander",
  );
});

test("the incoming cannot tick 'paging reaches me' without saying how; a test page without a webhook says what to do", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  const out = new HandoffPage(page);
  await out.startTo("Olivia Oncall");
  const oncall = await page
    .context()
    .browser()!
    .newContext({ baseURL: new URL(page.url()).origin });
  const ip = await oncall.newPage();
  await new LoginPage(ip).signInAs(DEMO.oncall);
  await ip.goto(page.url());
  await hydrated(ip);
  const row = ip.locator('[data-item="confirm-paging"]');
  await row.getByRole("checkbox").click();
  await expect(row.getByRole("checkbox")).not.toBeChecked();
  await expect(row.getByRole("alert")).toContainText("Say in the note how you confirmed paging");
  await ip.getByRole("button", { name: "Send me a test page" }).click();
  await expect(ip.getByRole("status").filter({ hasText: "No paging webhook is configured" })).toBeVisible();
  await expect(ip.getByText("Something went wrong")).toHaveCount(0);
  await row.getByRole("textbox").fill("called the pager line, it rang");
  await row.getByRole("checkbox").check();
  await expect(row.getByRole("checkbox")).toBeChecked();
  await oncall.close();
});
