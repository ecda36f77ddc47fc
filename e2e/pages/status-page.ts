import { expect, type Browser, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** /status as a visitor without an account sees it, in a context of its own. */
export class PublicStatusPage {
  private constructor(private readonly page: Page) {}

  static async visit(browser: Browser, baseURL: string | undefined) {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto("/status");
    await hydrated(page);
    await expect(page).toHaveURL(/\/status$/); // no sign-in asked
    return new PublicStatusPage(page);
  }

  text(text: string) {
    return this.page.getByText(text);
  }

  body() {
    return this.page.locator("body");
  }

  async close() {
    await this.page.context().close();
  }
}
