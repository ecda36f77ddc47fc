import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { TokensPage } from "./pages/tokens-page";

test("a token minted in the UI is shown once, copies, works as a Bearer token and can be revoked", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await new LoginPage(page).signInAs(DEMO.oncall);
  const tokens = new TokensPage(page);
  await tokens.goto();
  const name = `ci-${Date.now()}`;
  const secret = await tokens.create(name, ["audit:read", "incidents:read"]);
  expect(secret).toMatch(/^opc_/);
  await tokens.copySecret();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expect(tokens.row(name)).toContainText("active");

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).scopes).toEqual(["incidents:read", "audit:read"]);

  // The secret is gone once the page is left.
  await page.reload();
  await expect(page.getByTestId("token-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  await tokens.revoke(name);
  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("a tenant mints tokens only for its own org, with only its own scopes", async ({ page, request }) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  const tokens = new TokensPage(page);
  await tokens.goto();
  await expect(page.getByLabel("Applies to").locator("option")).toHaveText(["Acme Corp (acme)"]);
  await expect(page.getByRole("checkbox")).toHaveCount(2);
  const secret = await tokens.create(`acme-${Date.now()}`, ["audit:read"]);
  const own = await request.get("/api/v1/orgs/acme/audit", { headers: { authorization: `Bearer ${secret}` } });
  expect(own.status()).toBe(200);
  const other = await request.get("/api/v1/orgs/globex/audit", { headers: { authorization: `Bearer ${secret}` } });
  expect(other.status()).toBe(403);
});
