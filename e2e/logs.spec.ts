import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { LogsPage } from "./pages/logs-page";
import { platform } from "./support/platform";
import { TokensPage } from "./pages/tokens-page";

const run = promisify(execFile);

test("a tenant filters its logs, opens a line, and sees a new line arrive on the live tail", async ({
  page,
  browser,
  baseURL,
}) => {
  const marker = `e2e-${Date.now()}`;
  const agent = await platform(browser, baseURL!);
  await agent.ingest([{ message: `${marker} first line`, level: "warn" }]);

  await new LoginPage(page).signInAs(DEMO.acme);
  const logs = new LogsPage(page);
  await logs.goto("acme");
  await logs.search(marker);
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  await expect(logs.row(`${marker} first line`)).toHaveCount(1);
  await logs.row(`${marker} first line`).click();
  await expect(page.getByRole("complementary", { name: "Line detail" })).toContainText("web-e2e-1");

  await logs.startTail();
  await agent.ingest([
    { message: `${marker} arrived live` },
    { message: `${marker} other org`, org_id: "globex", app_id: "shop" },
  ]);
  await expect(logs.row(`${marker} arrived live`)).toHaveCount(1, { timeout: 5_000 });
  await expect(logs.row(`${marker} other org`)).toHaveCount(0);
  await agent.close();
});

test("a tenant cannot open another org's logs, and sees its own reads in its audit log", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  const logs = new LogsPage(page);
  await logs.goto("globex");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  await logs.goto("acme", "?level=error");
  await page.goto("/orgs/acme/audit?action=logs.query");
  await expect(page.getByRole("cell", { name: "logs.query" }).first()).toBeVisible();
});

test("an operator must give a reason, and the tenant sees it", async ({ page, browser, baseURL }) => {
  const reason = `SUP-${Date.now()} checkout errors`;
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/orgs");
  await page.getByRole("main").getByRole("link", { name: "Logs", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: /Why are you reading .*'s logs\?/ })).toBeVisible();
  await expect(page.getByRole("log", { name: "Log lines" })).toHaveCount(0);
  await page.getByLabel("Reason").fill(reason);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Reading as an operator")).toContainText(reason);
  await expect(page.getByRole("log", { name: "Log lines" })).toBeVisible();
  // The reason stays on the server: the link holds none, and another operator who opens it is asked for theirs.
  expect(page.url()).not.toContain("reason");
  const link = page.url();
  const colleague = await browser.newContext({ baseURL });
  const cp = await colleague.newPage();
  await new LoginPage(cp).signInAs(DEMO.ic);
  await cp.goto(link);
  await expect(cp.getByRole("heading", { name: /Why are you reading .*'s logs\?/ })).toBeVisible();
  await expect(cp.getByRole("log", { name: "Log lines" })).toHaveCount(0);
  await colleague.close();

  const tenant = await browser.newContext({ baseURL });
  const tp = await tenant.newPage();
  await new LoginPage(tp).signInAs(DEMO.acme);
  await tp.goto("/orgs/acme/audit?action=logs.query");
  await expect(tp.getByText(`reason=${reason}`).first()).toBeVisible();
  await tenant.close();
});

test("the CLI reads an org's logs with a token and explains a refusal", async ({ page, browser, baseURL }) => {
  const marker = `cli-${Date.now()}`;
  const agent = await platform(browser, baseURL!);
  await agent.ingest([
    { message: `${marker} from the cli test` },
    { message: `${marker} one request`, request_id: `${marker}-req`, host_id: `${marker}-host` },
  ]);
  await agent.close();
  await new LoginPage(page).signInAs(DEMO.acme);
  const tokens = new TokensPage(page);
  await tokens.goto();
  const secret = await tokens.create(`cli-${Date.now()}`, ["logs:read"]);
  const env = { ...process.env, OPS_CONSOLE_URL: baseURL!, OPS_CONSOLE_TOKEN: secret };
  const ok = await run(
    "node",
    ["bin/ops-console.mjs", "logs", "--org", "acme", "--app", "web", "--since", "15m", "-q", marker],
    { env },
  );
  expect(ok.stdout).toContain(`${marker} from the cli test`);
  expect(ok.stdout).toMatch(/INFO\s+web\/production web-e2e-1:/);
  // One request's lines, and one host's.
  for (const args of [
    ["--request-id", `${marker}-req`],
    ["--host", `${marker}-host`],
  ]) {
    const one = await run("node", ["bin/ops-console.mjs", "logs", "--org", "acme", "--since", "15m", ...args], { env });
    expect(one.stdout.trim().split("\n")).toEqual([expect.stringContaining(`${marker} one request`)]);
  }
  const denied: { code?: number; stderr: string } = await run(
    "node",
    ["bin/ops-console.mjs", "logs", "--org", "globex"],
    { env },
  ).catch((e: { code: number; stderr: string }) => e);
  expect(denied.code).toBe(1);
  expect(denied.stderr).toContain("not allowed (403)");
});
