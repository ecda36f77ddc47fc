import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** /alerts: open alerts as rows by name, their actions, the name filter and the totals. */
export class AlertsPage {
  constructor(private readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/alerts${query}`);
    await hydrated(this.page);
  }

  rows() {
    return this.page.locator("[data-alert]");
  }

  row(name: string) {
    return this.page.locator(`[data-alert="${name}"]`);
  }

  async ack(name: string) {
    await this.row(name).getByRole("button", { name: "Ack" }).click();
  }

  /** Narrows the list to one alert name; the URL follows. */
  async filterByName(name: string) {
    await this.page
      .getByRole("group", { name: "Filter by alert name" })
      .getByRole("button", { name: new RegExp(name) })
      .click();
    await expect(this.page).toHaveURL(new RegExp(`name=${name}`));
  }

  totals() {
    return this.page.getByTestId("alert-totals");
  }
}
