import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { seriousViolations } from "./support/axe";

// Every page, as each kind of person sees it: no serious or critical axe-core violation in light or
// dark, and nothing wider than a phone at 390 px. A failure names the page, the rule and the nodes.
const PAGES: Record<string, string[]> = {
  [DEMO.oncall]: [
    "/",
    "/dashboards",
    "/dashboards/edge",
    "/incidents",
    "/incidents/INC-1",
    "/alerts",
    "/changes",
    "/platform/logs",
    "/platform/events",
    "/correlate?request_id=none",
    "/traces",
    "/traces?status=error&service=edge&start=6h",
    // A trace sampling did not keep: the page says so in words (a kept one is swept in traces.spec.ts).
    "/traces/0123456789abcdef0123456789abcdef",
    "/oncall",
    "/maintenance",
    "/services",
    "/handoffs",
    "/orgs",
    "/orgs/acme/logs",
    "/orgs/acme/envs",
    "/audit",
    "/tokens",
    "/runbooks/edge-connect-failures",
    "/insights",
    "/incidents/INC-2/postmortem",
  ],
  [DEMO.acme]: ["/", "/orgs/acme/logs", "/orgs/acme/envs", "/orgs/acme/audit", "/tokens"],
};

/** "" when the page fits the window; otherwise its width and the outermost elements that stick out. */
function wider(): string {
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= innerWidth) return "";
  const clipped = (el: Element) => {
    for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
    return false;
  };
  const out = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(el))
    .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 0.5))
    .slice(0, 3)
    .map(
      (el) =>
        `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> ${(el.textContent ?? "").slice(0, 60)}`,
    );
  return `${scroll} px wide: ${out.join(" | ")}`;
}

async function settle(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("status", { name: /^Loading / })).toHaveCount(0, { timeout: 15_000 });
}

test.setTimeout(240_000);

for (const [who, paths] of Object.entries(PAGES)) {
  test(`axe-core finds no serious or critical violation on ${who}'s pages, light and dark`, async ({
    browser,
    baseURL,
  }) => {
    for (const scheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ baseURL, colorScheme: scheme });
      const page = await context.newPage();
      await new LoginPage(page).signInAs(who);
      for (const path of paths) {
        await settle(page, path);
        expect(await seriousViolations(page), `${scheme} ${path}`).toEqual([]);
      }
      await context.close();
    }
  });

  test(`${who}'s pages fit a 390 px phone without scrolling sideways`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await new LoginPage(page).signInAs(who);
    for (const path of paths) {
      await settle(page, path);
      // Once laid out (charts size themselves after they mount): a failure names what sticks out.
      await expect
        .poll(() => page.evaluate(wider), { message: `${path} is wider than the phone`, timeout: 5_000 })
        .toBe("");
    }
    await context.close();
  });
}

test("the sign-in page and the public status page have no serious or critical violation, light and dark, and fit a phone", async ({
  browser,
  baseURL,
}) => {
  for (const scheme of ["light", "dark"] as const) {
    const page = await (
      await browser.newContext({ baseURL, colorScheme: scheme, viewport: { width: 390, height: 844 } })
    ).newPage();
    for (const path of ["/login", "/status"]) {
      await page.goto(path);
      await hydrated(page);
      expect(await seriousViolations(page), `${scheme} ${path}`).toEqual([]);
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      expect(scroll, `${path} is ${scroll} px wide`).toBeLessThanOrEqual(inner);
    }
    await page.context().close();
  }
});

test("a skip link leads past the navigation, and the phone menu lists every page with the current one marked", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.oncall);
  await page.goto("/incidents");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  const menu = page.getByRole("button", { name: /^☰?\s*Menu · Incidents/ });
  await menu.click();
  const nav = page.getByRole("navigation", { name: "Main (phone)" });
  await expect(nav.getByRole("link", { name: "Incidents" })).toHaveAttribute("aria-current", "page");
  const box = (await nav.getByRole("link", { name: "Changes" }).boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  await nav.getByRole("link", { name: "Changes" }).click();
  await expect(page).toHaveURL(/\/changes$/);
  await expect(nav).toHaveCount(0);
  await context.close();
});

test("on a phone the tenant's log lines are on the first screen, with the filters one tap away", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.acme);
  await page.goto("/orgs/acme/logs?level=warn");
  await hydrated(page);
  const first = page.getByRole("log", { name: "Log lines" }).locator("[data-line-id]").first();
  await expect(first).toBeInViewport();
  await expect(page.getByLabel("Text")).toBeHidden();
  const filters = page.getByRole("button", { name: "Filters (1)" }); // the level filter from the URL counts
  await filters.click();
  await expect(filters).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByLabel("Text")).toBeVisible();
  await context.close();
});
