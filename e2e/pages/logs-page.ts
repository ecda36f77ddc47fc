import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./login-page";

export class LogsPage {
  constructor(private readonly page: Page) {}

  async goto(org: string, query = "") {
    await this.page.goto(`/orgs/${org}/logs${query}`);
    await hydrated(this.page);
  }

  async search(text: string) {
    const input = this.page.getByLabel("Text");
    await input.fill(text);
    await input.press("Enter");
  }

  rows() {
    return this.page.getByRole("log", { name: "Log lines" }).getByRole("row");
  }

  row(text: string) {
    return this.rows().filter({ hasText: text });
  }

  async startTail() {
    await this.page.getByRole("button", { name: "Live tail" }).click();
    await expect(this.page.getByText("tail live")).toBeVisible();
  }
}

/** A platform agent: an admin-minted logs:write token and an ingest helper. */
export async function agent(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.admin);
  const res = await page.request.post("/api/v1/tokens", { data: { name: `agent-${Date.now()}`, scopes: ["logs:write"] } });
  expect(res.status()).toBe(201);
  const secret = ((await res.json()) as { token: { secret: string } }).token.secret;
  const request: APIRequestContext = page.request;
  return {
    async ingest(lines: Record<string, unknown>[]) {
      const r = await request.post("/api/v1/logs", {
        headers: { authorization: `Bearer ${secret}` },
        data: lines.map((l) => ({ ts: new Date().toISOString(), org_id: "acme", app_id: "web", env_id: "production", process_type: "web", instance_id: "web-e2e-1", level: "info", ...l })),
      });
      expect(r.status(), await r.text()).toBe(200);
    },
    close: () => context.close(),
  };
}
