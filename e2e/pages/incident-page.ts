import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

export class IncidentsPage {
  constructor(private readonly page: Page) {}

  /** Opens the declare form (its services are the catalog's checkboxes, nothing typed). */
  async openDeclare() {
    await this.page.goto("/incidents");
    await hydrated(this.page);
    await this.page.getByRole("button", { name: "Declare incident" }).click();
    return this.page.getByRole("form", { name: "Declare incident" });
  }

  async declare(title: string, severity = "sev1", services: string[] = []) {
    const form = await this.openDeclare();
    await form.getByLabel("Title").fill(title);
    await form.getByLabel("Severity").selectOption(severity);
    for (const s of services)
      await form.getByRole("group", { name: "Services" }).getByLabel(s, { exact: true }).check();
    await form.getByRole("button", { name: "Declare", exact: true }).click();
    await expect(this.page).toHaveURL(/\/incidents\/INC-\d+$/);
    await expect(this.page.getByText("● live")).toBeVisible();
    return this.page.url();
  }
}

export class IncidentPage {
  constructor(private readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url);
    await hydrated(this.page);
    await expect(this.page.getByText("● live")).toBeVisible();
  }

  timeline() {
    return this.page.getByRole("list", { name: "Timeline" });
  }

  async write(kind: string, text: string) {
    const form = this.page.getByRole("form", { name: "Add to timeline" });
    await form.getByLabel("Kind").selectOption(kind);
    await form.getByLabel("Entry").fill(text);
    await form.getByLabel("Entry").press("Control+Enter");
    await expect(this.timeline()).toContainText(text);
    await expect(form.getByLabel("Entry")).toHaveValue(""); // saved: the draft is cleared
  }

  /** Picks a status and confirms it (with an update for the timeline, when given). */
  async setStatus(status: string, note?: string) {
    await this.page.getByLabel("Status", { exact: true }).selectOption(status);
    const confirm = this.confirmForm();
    if (note) await confirm.getByLabel("Update for the timeline (optional)").fill(note);
    await confirm.getByRole("button", { name: /^Confirm/ }).click();
    await expect(confirm).toHaveCount(0);
  }

  confirmForm() {
    return this.page.getByRole("form", { name: "Confirm the change" });
  }

  /** What the incident page says /status shows of it. */
  publicView() {
    return this.page.getByTestId("public-view");
  }

  /** Publishes (or posts) a customer update from the incident's "On /status" line. */
  async publish(text: string) {
    await this.publicView()
      .getByRole("button", { name: /^(Publish|Post a customer update)$/ })
      .click();
    const form = this.page.getByRole("form", { name: "Publish a customer update" });
    await form.getByLabel("Customer update (shown on /status as written)").fill(text);
    await form.getByRole("button", { name: /to \/status$/ }).click();
    await expect(form).toHaveCount(0);
  }

  /** Picks the services from the catalog on the incident page and saves them. */
  async editServices(labels: string[]) {
    await this.page.getByRole("button", { name: "Edit services" }).click();
    const form = this.page.getByRole("form", { name: "Edit the services" });
    for (const box of await form.getByRole("checkbox").all()) await box.uncheck();
    for (const l of labels) await form.getByLabel(l, { exact: true }).check();
    await form.getByRole("button", { name: "Save services" }).click();
    await expect(form).toHaveCount(0);
  }
}
