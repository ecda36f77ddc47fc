import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { IncidentPage } from "./pages/incident-page";

// What is live stays live, and the keyboard works from where focus is: an IC at 3 a.m. sees what others
// write without reloading — an entry written while the page was connecting included — and the `s` key
// never turns a note into a status update.

async function declareSev1(page: Page, title: string): Promise<string> {
  const res = await page.request.post("/api/v1/incidents", { data: { title, severity: "sev1" } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { incident: { ref: string } }).incident.ref;
}
const note = (page: Page, ref: string, body: string, data?: Record<string, unknown>) =>
  page.request.post(`/api/v1/incidents/${ref}/timeline`, {
    data: data ? { kind: "status_update", body, data } : { kind: "note", body },
  });

test("an entry written between the page's load and its subscription is shown, without a reload", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const ref = await declareSev1(page, `Gap ${Date.now()}`);
  // Hold the page's subscription until someone else has written.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/api\/v1\/incidents\/[^/]+\/events$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/incidents/${ref}`);
  await hydrated(page);
  const incident = new IncidentPage(page);
  await expect(incident.timeline()).toContainText("declared");
  expect((await note(page, ref, "written while the page was connecting")).status()).toBe(201);
  release();
  await expect(page.getByText("● live")).toBeVisible();
  await expect(incident.timeline()).toContainText("written while the page was connecting", { timeout: 3000 });
});

test("the customer update banner clears live when someone else posts the update", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const ref = await declareSev1(page, `Banner ${Date.now()}`);
  await new IncidentPage(page).open(`/incidents/${ref}`);
  const banner = page.getByTestId("customer-update-due");
  await expect(banner).toContainText("none posted yet");
  const posted = await note(page, ref, "We are investigating connection failures.", { audience: "customer" });
  expect(posted.status()).toBe(201);
  await expect(banner).not.toContainText("none posted yet", { timeout: 2000 });
});

test("shortcuts work from wherever focus is, and never change an entry's kind", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const ref = await declareSev1(page, `Keys ${Date.now()}`);
  await new IncidentPage(page).open(`/incidents/${ref}`);
  const form = page.getByRole("form", { name: "Add to timeline" });
  const kind = form.getByLabel("Kind");
  const status = page.getByLabel("Status", { exact: true });

  // On the Kind select, `s` goes to the status control; the entry stays a note.
  await kind.focus();
  await page.keyboard.press("s");
  await expect(status).toBeFocused();
  await expect(kind).toHaveValue("note");

  // In the text box a letter is text; Esc leaves the box, and then `s` is a shortcut again.
  await page.keyboard.press("n");
  const entry = form.getByLabel("Entry");
  await expect(entry).toBeFocused();
  await page.keyboard.type("s");
  await expect(entry).toHaveValue("s");
  await page.keyboard.press("Escape");
  await page.keyboard.press("s");
  await expect(status).toBeFocused();

  // A status picked with the arrows asks for confirmation; Enter goes into the panel, Esc drops the change
  // and gives focus back to the status control.
  await page.keyboard.press("ArrowDown");
  const confirm = page.getByRole("form", { name: "Confirm the change" });
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(confirm.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(status).toBeFocused();

  // `?` opens the list of keys with focus in it; Esc closes it and gives focus back.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await expect(status).toBeFocused();
});

test("a custom range is checked at the picker, in plain words, as 24-hour UTC", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/platform/logs");
  await hydrated(page);
  const range = page.getByRole("form", { name: "Custom time range (UTC)" });
  await range.getByLabel(/^Start/).fill("2026-01-01 00:00");
  await range.getByRole("button", { name: "Apply UTC" }).click();
  await expect(range.getByRole("alert")).toContainText("at most 7 days");
  await expect(page.getByText("No lines match")).toHaveCount(0);
  await expect(page).not.toHaveURL(/start=2026-01-01/);
  const an_hour_ago = new Date(Date.now() - 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  await range.getByLabel(/^Start/).fill(an_hour_ago);
  await range.getByRole("button", { name: "Apply UTC" }).click();
  await expect(page).toHaveURL(/start=\d{4}-\d{2}-\d{2}T/);
  await expect(range.getByRole("alert")).toHaveCount(0);
  await expect(range.getByLabel(/^Start/)).toHaveValue(an_hour_ago);
});
