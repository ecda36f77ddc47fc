import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** An incident's postmortem page: the written sections, action items, review and publishing. */
export class PostmortemPage {
  constructor(private readonly page: Page) {}

  form() {
    return this.page.getByRole("form", { name: "Postmortem" });
  }

  async openFromIncident() {
    await this.page.getByRole("link", { name: "Postmortem", exact: true }).click();
    await expect(this.page).toHaveURL(/\/postmortem$/);
    await hydrated(this.page);
    await expect(this.form()).toBeVisible();
  }

  section(title: string | RegExp) {
    return this.form().getByLabel(title);
  }

  async addActionItem(item: { title: string; kind: string; owner: string; due: string }) {
    const add = this.page.getByRole("form", { name: "Add action item" });
    await add.getByLabel("Action item").fill(item.title);
    await add.getByLabel("Kind").selectOption(item.kind);
    await add.getByLabel("Owner").selectOption(item.owner);
    await add.getByLabel("Due date").fill(item.due);
    await add.getByRole("button", { name: "Add action item" }).click();
    await expect(this.page.getByLabel(`owner of ${item.title}`)).toHaveValue(item.owner);
    await expect(this.page.getByLabel(`due date of ${item.title}`)).toHaveValue(item.due);
  }

  state() {
    return this.page.getByRole("status").filter({ hasText: /draft|review|published|not started/ });
  }
}
