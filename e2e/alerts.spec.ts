import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";

test("an alert posted by Alertmanager shows up on /alerts and can be acknowledged", async ({ page, browser, baseURL }) => {
  const name = `E2EDiskPressure${Date.now()}`;
  const admin = await browser.newContext({ baseURL });
  const ap = await admin.newPage();
  await new LoginPage(ap).signInAs(DEMO.admin);
  const tok = await ap.request.post("/api/v1/tokens", { data: { name: "alertmanager", scopes: ["alerts:write"] } });
  const secret = ((await tok.json()) as { token: { secret: string } }).token.secret;
  const res = await ap.request.post("/api/v1/alerts/alertmanager", {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      version: "4",
      groupKey: "{}:{}",
      status: "firing",
      receiver: "ops-console",
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      alerts: [{ status: "firing", labels: { alertname: name, severity: "warning", host: "host-042" }, annotations: { summary: "disk 91% full" }, startsAt: new Date().toISOString(), endsAt: "0001-01-01T00:00:00Z", fingerprint: name }],
    },
  });
  expect(res.status()).toBe(200);
  await admin.close();

  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/alerts");
  await hydrated(page);
  const row = page.locator(`[data-alert="${name}"]`);
  await expect(row).toContainText("ticket");
  await expect(row).toContainText("disk 91% full");
  await row.getByRole("button", { name: "Ack" }).click();
  await expect(row).toContainText("acknowledged");

  // Narrow to this alert by its name: the list, the totals and the URL follow.
  await page.getByRole("group", { name: "Filter by alert name" }).getByRole("button", { name: new RegExp(name) }).click();
  await expect(page).toHaveURL(new RegExp(`name=${name}`));
  await expect(page.locator("[data-alert]")).toHaveCount(1);
  await expect(page.getByTestId("alert-totals")).toHaveText(`1 ${name} alert open: 0 pages, 1 ticket`);
});
