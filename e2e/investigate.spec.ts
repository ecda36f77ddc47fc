import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { LogsPage } from "./pages/logs-page";
import { ChangesPage, CorrelatePage } from "./pages/changes-page";
import { IncidentPage } from "./pages/incident-page";

// The demo's story, as an incident commander finds it: the eu-west edge SLO burns; its Logs show the
// edge's errors there; its Changes show the config push just before impact; pinned as evidence, the
// push opens exactly its window; and one failed request is followed from the edge into acme's app.
// (The demo feed writes its history in the background after start: each test first waits for it.)
const FEED = { timeout: 15_000 };
test.setTimeout(120_000);

test("from a burning SLO to the logs and the change behind it, pinned as evidence with its exact window", async ({
  page,
  context,
}) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const logs = new LogsPage(page);
  await logs.waitForPlatformLines("component=edge&region=eu-west&level=error&start=1h&q=no%20shared%20cipher");
  await page.goto("/");
  await hydrated(page);
  const card = page.locator('[data-slo="edge-connect:eu-west"]');
  await expect(card).toHaveAttribute("data-state", "page");

  // Logs: the edge's warnings and errors in eu-west over the burn window.
  await card.getByRole("link", { name: "Logs" }).click();
  await expect(page).toHaveURL(/\/platform\/logs\?component=edge&region=eu-west&level=warn&start=.+&end=.+/);
  await hydrated(page);
  await expect(logs.row("TLS handshake failed: no shared cipher").first()).toBeVisible(FEED);
  await expect(logs.rows().filter({ hasText: /us-east|ap-south/ })).toHaveCount(0);

  // Changes over the same window from the same card: the edge config push is there.
  await page.goBack();
  await hydrated(page);
  await page.locator('[data-slo="edge-connect:eu-west"]').getByRole("link", { name: "Changes" }).click();
  await expect(page).toHaveURL(/\/changes\?service=edge&region=eu-west&from=.+&to=.+/);
  const changes = new ChangesPage(page);
  await expect(changes.list()).toContainText("new TLS cipher list", FEED);

  // On the incident: the push is listed before impact, and pinned as evidence.
  const incident = new IncidentPage(page);
  await incident.open("/incidents/INC-1");
  const push = changes.change("new TLS cipher list");
  await expect(push).toBeVisible(FEED);
  await expect(push).not.toContainText("during deploy freeze"); // it came before the freeze
  const startedAt = await push.locator("time").first().getAttribute("datetime");
  await changes.pin("new TLS cipher list");
  const card2 = incident.timeline().getByRole("link", { name: /config edge: Edge config .* new TLS cipher list/ });
  await expect(card2).toBeVisible();

  // The evidence opens exactly the change's window: from its start.
  const [opened] = await Promise.all([context.waitForEvent("page"), card2.click()]);
  await opened.waitForLoadState();
  const url = new URL(opened.url());
  expect(url.pathname).toBe("/changes");
  expect(Date.parse(url.searchParams.get("from") ?? "")).toBe(Date.parse(startedAt ?? "-"));
  await expect(new ChangesPage(opened).list()).toContainText("new TLS cipher list");
  await opened.close();

  // Pinned stays pinned: after a reload the push says so, and cannot be pinned twice.
  await page.reload();
  await hydrated(page);
  await expect(changes.change("new TLS cipher list")).toContainText("Pinned", FEED);
});

test("a request id on a platform line opens its path, with the tenant's line after giving a reason", async ({
  page,
}) => {
  const reason = `INC-1 follow one checkout ${Date.now()}`;
  // (As the admin: the on-call engineers' stated reasons belong to the tenant-log tests running beside this one.)
  await new LoginPage(page).signInAs(DEMO.admin);
  // A request at least a minute old: its whole path has been written.
  const logs = new LogsPage(page);
  await logs.waitForPlatformLines("component=agent&q=forwarded%20request&start=2h&end=1m");
  await logs.gotoPlatform("?component=agent&q=forwarded%20request&start=2h&end=1m");
  const row = logs.row("forwarded request to microVM").first();
  await expect(row).toBeVisible(FEED);
  await row.click();
  await logs.detail().getByRole("link", { name: "Follow this request across the platform →" }).click();
  const correlate = new CorrelatePage(page);
  await correlate.ready();

  await expect(correlate.lines("platform")).toHaveCount(3);
  await expect(correlate.path()).toContainText("upstream response timeout");
  await expect(correlate.lines("tenant")).toHaveCount(0);
  await expect(page.getByText("(reason needed)")).toBeVisible();

  await correlate.giveReason(reason);
  await expect(correlate.lines("tenant")).toHaveCount(1);
  await expect(correlate.path()).toContainText("response written after the client was gone");
  // In time order: the edge accepts, the agent forwards, the edge gives up after 5 s, the app answers after that.
  await expect(correlate.path().locator("li")).toHaveText([
    /accepted POST|accepted GET/,
    /forwarded request/,
    /upstream response timeout/,
    /response written after the client was gone/,
  ]);
  // Pinned to the open incident as evidence: the link opens the request's own seconds, not hours around now.
  await page.getByRole("button", { name: "Pin as evidence" }).click();
  await expect(page.getByText(/^Pinned to INC-\d+$/)).toBeVisible();
  const pinnedTo = (await page.getByLabel("Pin to").locator("option:checked").textContent())!.split(" · ")[0];
  const entries = (await (await page.request.get(`/api/v1/incidents/${pinnedTo}/timeline`)).json()).entries as {
    kind: string;
    data: { url?: string };
  }[];
  const pinned = new URL(entries.filter((e) => e.kind === "evidence").at(-1)!.data.url!, "http://console");
  expect(pinned.pathname).toBe("/correlate");
  const seconds = (Date.parse(pinned.searchParams.get("end")!) - Date.parse(pinned.searchParams.get("start")!)) / 1000;
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(60);
  expect(Date.parse(pinned.searchParams.get("end")!)).toBeLessThanOrEqual(Date.now());

  // Done reading: the reason ends (Stop reading, as the log page offers).
  const org = await page.locator("[data-org]").first().getAttribute("data-org");
  expect(org).toBeTruthy();
  expect((await page.request.delete(`/api/v1/orgs/${org}/access`)).status()).toBe(200);
});
