import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** /services: the service catalog (each service's owning team and references) and the admins' team form. */
export class ServicesPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/services");
    await hydrated(this.page);
  }

  /** One service's card, by its label (e.g. "Host agent"). */
  service(label: string) {
    return this.page.getByRole("region", { name: label, exact: true });
  }

  async assign(label: string, team: string) {
    await this.service(label).getByLabel(`${label}: owning team`).selectOption({ label: team });
  }

  /** Saves the catalog; returns the outcome's status. */
  async save() {
    await this.page.getByRole("button", { name: "Save as a new version" }).click();
    const status = this.page.getByRole("form", { name: "Service catalog" }).getByRole("status");
    await expect(status).toContainText(/Saved version \d+/);
    return status;
  }

  async addTeam(id: string, name: string) {
    const form = this.page.getByRole("form", { name: "Add a team" });
    await form.getByLabel("Id (slug)").fill(id);
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Add team" }).click();
    await expect(form.getByRole("status")).toContainText(`Added ${name}`);
  }
}
