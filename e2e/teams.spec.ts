import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { OnCallPage } from "./pages/oncall-page";
import { ServicesPage } from "./pages/services-page";
import { platform } from "./support/platform";

test("an admin adds a team, gives it a service on the catalog page, /oncall shows that team's on call, and the service's alert reaches its primary", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const id = `e2e-${Date.now().toString(36)}`;
  const name = `Agents ${id}`;
  await new LoginPage(page).signInAs(DEMO.admin);
  const services = new ServicesPage(page);
  await services.open();
  await expect(services.service("Edge")).toContainText("Edge"); // the demo's owners
  await services.addTeam(id, name);
  // Its rotation: Ian on primary.
  const put = await page.request.put("/api/v1/oncall/schedule", {
    data: {
      team: id,
      layers: [
        {
          layer: "primary",
          rotation: "weekly",
          start_date: "2026-01-05",
          handoff_time: "09:00",
          time_zone: "UTC",
          people: ["usr_ic"],
        },
      ],
    },
  });
  expect(put.status()).toBe(200);

  // Without an owner, the service is a gap; then it is the new team's.
  await services.assign("Host agent", "No owner");
  await expect(services.service("Host agent")).toContainText("No owner — alerts go to the platform team");
  await services.assign("Host agent", name);
  await expect(services.service("Host agent")).not.toContainText("alerts go to the platform team");
  // Its references came back with the owner.
  await expect(services.service("Host agent").getByLabel("Host fleet")).toBeChecked();
  await services.save();
  await page.reload();
  await expect(services.service("Host agent").getByLabel("Host agent: owning team")).toHaveValue(id);

  // /oncall: the team's section says who is on call, and choosing it shows its rotation.
  const oncall = new OnCallPage(page);
  await oncall.open();
  await expect(page.getByRole("list", { name: `Who is on call in ${name}` })).toContainText("Primary Ian Commander");
  await page.getByLabel("Team", { exact: true }).selectOption({ label: name });
  await expect(page).toHaveURL(new RegExp(`team=${id}`));
  await expect(oncall.onCall("primary")).toContainText("Ian Commander");
  // The overview names each team's primary.
  await page.goto("/");
  await expect(oncall.now()).toContainText(`${name} primary Ian Commander`);

  // An alert for the agent service now belongs to that team, and its clock notifies the team's primary.
  const am = await platform(browser, baseURL!);
  const alert = `AgentUnreachable${id.replace(/\W/g, "")}`;
  await am.alert(
    alert,
    { severity: "error", service: "agent", region: "eu-west" },
    { summary: `${alert} in the e2e test`, runbook_url: "/runbooks/edge-connect-failures" },
  );
  await am.close();
  await page.goto(`/alerts?name=${alert}`);
  const row = page.locator(`li[data-alert="${alert}"]`);
  await expect(row).toContainText(`Owner: ${name}`);
  await expect(row).toContainText("P1 high");
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole("list", { name: "Notified" })).toContainText("primary: Ian Commander", {
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000, intervals: [2_000] });

  // Back to the platform, as the demo has it.
  await services.open();
  await services.assign("Host agent", "Platform");
  await services.save();
});
