import { expect, test } from "@playwright/test";
import { DEMO, LoginPage, Shell } from "./pages/login-page";

const NAV = {
  [DEMO.oncall]: [
    "Overview",
    "Dashboards",
    "Incidents",
    "Alerts",
    "Weekly review",
    "Changes",
    "Platform logs",
    "Platform events",
    "Traces",
    "On call",
    "Maintenance",
    "Services",
    "Handoffs",
    "Tenant orgs",
    "Audit log",
    "API tokens",
  ],
  [DEMO.ic]: [
    "Overview",
    "Dashboards",
    "Incidents",
    "Alerts",
    "Weekly review",
    "Changes",
    "Platform logs",
    "Platform events",
    "Traces",
    "On call",
    "Maintenance",
    "Services",
    "Handoffs",
    "Tenant orgs",
    "Audit log",
    "API tokens",
  ],
  [DEMO.admin]: [
    "Overview",
    "Dashboards",
    "Incidents",
    "Alerts",
    "Weekly review",
    "Changes",
    "Platform logs",
    "Platform events",
    "Traces",
    "On call",
    "Maintenance",
    "Services",
    "Handoffs",
    "Tenant orgs",
    "Audit log",
    "API tokens",
  ],
  [DEMO.acme]: ["Overview", "Acme Corp · logs", "Acme Corp · is it serving?", "Acme Corp · audit", "API tokens"],
  [DEMO.globex]: ["Overview", "Globex · logs", "Globex · is it serving?", "Globex · audit", "API tokens"],
};

for (const [email, nav] of Object.entries(NAV)) {
  test(`${email} signs in and sees only their own navigation`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.signInAs(email);
    await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();
    expect(await new Shell(page).navLabels()).toEqual(nav);
  });
}

test("an unauthenticated visitor is sent to sign in, and back afterwards", async ({ page }) => {
  await page.goto("/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await new LoginPage(page).fill(DEMO.oncall, "demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
});

const OFF_SITE = [
  "/\\evil.example",
  "//evil.example",
  "/\t/evil.example",
  "https://evil.example/",
  "/.//evil.example",
  "/%2e//evil.example",
  "/a/..//evil.example",
];

for (const target of OFF_SITE) {
  test(`sign-in never sends a person off the site (callbackUrl ${JSON.stringify(target)})`, async ({
    page,
    baseURL,
  }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await new LoginPage(page).fill(DEMO.oncall, "demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}

test("a signed-in person sent to /login with a disguised callbackUrl goes home, on this site", async ({
  page,
  baseURL,
}) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  for (const target of OFF_SITE) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();
    expect(new URL(page.url()).origin, target).toBe(new URL(baseURL!).origin);
    expect(new URL(page.url()).pathname, target).toBe("/");
  }
});

test("a sign-in whose email holds an unpaired surrogate is refused plainly and audited — no SQL reaches the caller", async ({
  page,
  request,
}) => {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const body = `{"csrfToken":"${csrf.csrfToken}","email":"y\\udc00@demo.local","password":"guess","json":"true"}`;
  const res = await request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/json" },
    data: body,
    maxRedirects: 0,
  });
  const text = `${res.headers()["location"] ?? ""} ${await res.text()}`;
  expect(res.status()).toBeLessThan(500);
  expect(text).not.toMatch(/Failed query|insert into|params:|audit_events/i);
  await new LoginPage(page).signInAs(DEMO.admin);
  await page.goto(`/audit?action=auth.sign_in&outcome=failure`);
  await expect(page.getByText("email=y\ufffd@demo.local").first()).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  const login = new LoginPage(page);
  await login.signIn(DEMO.ic, "not-the-password");
  await expect(login.error()).toContainText("don't match an account");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failed sign-ins are rate limited (429) and audited", async ({ page, request }) => {
  const email = `nobody-${Date.now()}@example.com`;
  const login = new LoginPage(page);
  for (let i = 0; i < 5; i++) {
    await login.signIn(email, "guess");
    await expect(login.error()).toContainText("don't match");
  }
  await login.signIn(email, "guess");
  await expect(login.error()).toContainText("Too many failed sign-ins");

  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password: "guess", json: "true" },
  });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await res.json()).error.code).toBe("rate_limited");

  await login.signInAs(DEMO.admin);
  await page.goto(`/audit?action=auth.sign_in&outcome=denied`);
  await expect(page.getByRole("cell", { name: /^denied$/ }).first()).toBeVisible();
  await expect(page.getByText(`email=${email}`).first()).toBeVisible();
});

test("a tenant cannot open operator pages or another org's pages", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.acme);
  await page.goto("/audit");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  await page.goto("/orgs/globex/audit");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
  await page.goto("/orgs/acme/audit");
  await expect(page.getByRole("heading", { name: "Acme Corp · audit" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  await new Shell(page).signOut();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
