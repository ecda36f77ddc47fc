import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** The change feed (/changes) and, on an incident, the changes since before impact with their evidence pins. */
export class ChangesPage {
  constructor(private readonly page: Page) {}

  list() {
    return this.page.getByRole("list", { name: "Changes" });
  }

  /** The incident page's "Changes since before impact". */
  sinceImpact() {
    return this.page.getByRole("region", { name: "Changes since before impact" });
  }

  change(text: string) {
    return this.sinceImpact().locator("li[data-change]").filter({ hasText: text });
  }

  /** Pins a change as evidence; returns when it shows as pinned. */
  async pin(text: string) {
    const change = this.change(text);
    await change.getByRole("button", { name: "Pin as evidence" }).click();
    await expect(change.getByText("Pinned")).toBeVisible();
  }
}

/** /correlate: one request's path across the platform, and the tenant's lines after a stated reason. */
export class CorrelatePage {
  constructor(private readonly page: Page) {}

  async ready() {
    await expect(this.page).toHaveURL(/\/correlate\?request_id=/);
    await hydrated(this.page);
  }

  path() {
    return this.page.getByRole("list", { name: "The request's path" });
  }

  lines(source: "platform" | "tenant") {
    return this.path().locator(`li[data-source="${source}"]`);
  }

  async giveReason(reason: string) {
    await this.page.getByLabel(/Reason for reading/).fill(reason);
    await this.page.getByRole("button", { name: "Continue" }).click();
  }
}
