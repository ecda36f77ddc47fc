import { expect, test } from "@playwright/test";
import { DEMO, LoginPage, Shell } from "./pages/login-page";

async function ssoLogin(page: import("@playwright/test").Page, login: string) {
  await new LoginPage(page).goto();
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  // node-oidc-provider's development interaction: a login form, then consent.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

test("SSO signs in a known user, matched by email", async ({ page }) => {
  await ssoLogin(page, DEMO.ic);
  await expect(page.getByRole("heading", { name: "Hello, Ian Commander" })).toBeVisible();
  expect(await new Shell(page).navLabels()).toContain("Audit log");
});

test("SSO refuses an email with no console account", async ({ page }) => {
  await ssoLogin(page, `stranger-${Date.now()}@example.com`);
  await expect(page).toHaveURL(/\/login\?error=NoAccount/);
  await expect(new LoginPage(page).error()).toContainText("no Ops Console user with that email");
});
