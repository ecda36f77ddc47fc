import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";
export class LogsPage {
  constructor(private readonly page: Page) {}

  async goto(org: string, query = "") {
    await this.page.goto(`/orgs/${org}/logs${query}`);
    await hydrated(this.page);
  }

  /** The platform's logs (operators), with a query string such as "?component=edge". */
  async gotoPlatform(query = "") {
    await this.page.goto(`/platform/logs${query}`);
    await hydrated(this.page);
  }

  /** Waits until the demo feed (written in the background after start) has platform lines matching `query`. */
  async waitForPlatformLines(query: string) {
    const count = async () => {
      const body: unknown = await (await this.page.request.get(`/api/v1/platform/logs?${query}&limit=1`)).json();
      const lines =
        typeof body === "object" && body !== null && "lines" in body && Array.isArray(body.lines) ? body.lines : [];
      return lines.length;
    };
    await expect.poll(count, { timeout: 90_000, intervals: [1000] }).toBeGreaterThan(0);
  }

  /** The open line's details. */
  detail() {
    return this.page.getByRole("complementary", { name: "Line detail" });
  }

  async search(text: string) {
    const input = this.page.getByLabel("Text");
    await input.fill(text);
    await input.press("Enter");
  }

  rows() {
    return this.page.getByRole("log", { name: "Log lines" }).locator("[data-line-id]");
  }

  row(text: string) {
    return this.rows().filter({ hasText: text });
  }

  async startTail() {
    await this.page.getByRole("button", { name: "Live tail" }).click();
    await expect(this.page.getByText("tail live")).toBeVisible();
  }
}
