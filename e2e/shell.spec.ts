import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";

test("dark mode follows the system and can be toggled", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.oncall);
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: /^Theme: auto/ }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
  await page.getByRole("button", { name: /^Theme: light/ }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await context.close();
});

test("timestamps show UTC by default and local time on request", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.admin);
  await page.goto("/audit?action=auth.sign_in");
  await hydrated(page);
  const first = page.locator("time").first();
  await expect(first).toContainText("UTC");
  const iso = await first.getAttribute("datetime");
  await page.getByRole("button", { name: /^Time: UTC/ }).click();
  await expect(first).not.toContainText("UTC");
  const tokyoHour = String((new Date(iso!).getUTCHours() + 9) % 24).padStart(2, "0");
  await expect(first).toContainText(` ${tokyoHour}:`);
  await context.close();
});

test("an unknown page shows the 404 page", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("pages carry the security headers", async ({ request }) => {
  const res = await request.get("/login");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBeTruthy();
});

test("every page of the navigation arrives painted: its content is in the first response, not held for a script to reveal", async ({
  page,
}) => {
  // A content boundary left pending in the server's HTML (`<!--$?-->`) is shown only once React's inline script
  // runs after hydration — on a phone, a second or more of an empty page (and Lighthouse's LCP carries it).
  await new LoginPage(page).signInAs(DEMO.admin);
  const hrefs = await page
    .getByRole("navigation", { name: "Main", exact: true })
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(10);
  for (const href of hrefs) {
    const html = await (await page.request.get(href)).text();
    expect.soft(html.includes("<!--$?-->"), `${href} holds content back`).toBe(false);
    expect.soft(html, href).toContain("<h1");
  }
});
