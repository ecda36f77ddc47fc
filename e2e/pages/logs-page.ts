import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";
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
