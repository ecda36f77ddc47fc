import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** "2026-12-06 02:00" in UTC, as the form's time fields take it. */
const utc = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");

/** /maintenance: the windows running, upcoming and past, and the form that schedules one. */
export class MaintenancePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/maintenance");
    await hydrated(this.page);
  }

  form() {
    return this.page.getByRole("form", { name: "Schedule maintenance" });
  }

  /** Fills the form; `start` and `end` are epoch milliseconds. */
  async fill(w: {
    service: string;
    region?: string;
    start: number;
    end: number;
    description: string;
    rollback: string;
  }) {
    const form = this.form();
    await form.getByRole("checkbox", { name: w.service, exact: true }).check();
    if (w.region) await form.getByRole("checkbox", { name: w.region, exact: true }).check();
    await this.setTimes(w.start, w.end);
    await form.getByLabel("What customers read on /status").fill(w.description);
    await form.getByLabel("Rollback plan (internal)").fill(w.rollback);
  }

  async setTimes(start: number, end: number) {
    await this.form().getByLabel("Starts (UTC)").fill(utc(start));
    await this.form().getByLabel("Ends (UTC)").fill(utc(end));
  }

  async submit() {
    await this.form().getByRole("button", { name: "Schedule" }).click();
  }

  /** The server's refusal shown under a field (start, end, rollback_plan, …). */
  fieldError(field: string) {
    return this.form().locator(`[data-field-error="${field}"]`);
  }

  /** Its rows among the upcoming windows. */
  upcoming(text: string) {
    return this.page.getByRole("region", { name: "Upcoming" }).getByRole("row").filter({ hasText: text });
  }

  async expectScheduled() {
    await expect(this.form().getByRole("status")).toContainText(/Scheduled M-\d+/);
  }
}
