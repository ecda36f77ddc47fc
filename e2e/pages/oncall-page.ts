import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

type Layer = "primary" | "secondary" | "tertiary";
const title = (layer: Layer) => layer[0]!.toUpperCase() + layer.slice(1);

/** /oncall: who is on call now, each layer's shifts this week, overrides, and the admins' schedule editor. */
export class OnCallPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/oncall");
    await hydrated(this.page);
  }

  /** "On call now" (also on the overview). */
  now() {
    return this.page.getByRole("list", { name: "On call now" });
  }

  /** The layer's line in "On call now". */
  onCall(layer: Layer) {
    return this.now()
      .getByRole("listitem")
      .filter({ hasText: title(layer) });
  }

  /** The layer's shifts this week. */
  shifts(layer: Layer) {
    return this.page.getByRole("list", { name: `${title(layer)} shifts` });
  }

  /** The layer's overrides among its shifts, by who took them. */
  overrides(layer: Layer, who?: string) {
    const all = this.shifts(layer).locator("[data-override]");
    return who ? all.filter({ hasText: who }) : all;
  }

  async takeShift(layer: Layer, who: string, reason?: string) {
    const form = this.page.getByRole("form", { name: "Take a shift" });
    await form.getByLabel("Layer").selectOption(layer);
    await form.getByLabel("Who takes the shift").selectOption({ label: who });
    if (reason) await form.getByLabel("Reason (optional)").fill(reason);
    await form.getByRole("button", { name: "Add override" }).click();
  }

  async cancelOverride(layer: Layer) {
    await this.shifts(layer).getByRole("button", { name: "Cancel override" }).click();
  }

  /** Opens the admins' schedule editor. */
  async editSchedule() {
    await this.page.getByText("Edit the schedule (admins)").click();
    return this.editor();
  }

  editor() {
    return this.page.getByRole("form", { name: "Edit the schedule" });
  }

  /** "Next on call": who takes each layer over next (also on the overview). */
  next() {
    return this.page.getByRole("list", { name: "Next on call" });
  }

  /** Sets a layer's rotation and first shift, and asks to save (the keyboard or a click): the preview opens. */
  async proposeRotation(layer: Layer, rotates: "daily" | "weekly", firstOn: string, save: "Enter" | "click" = "click") {
    const editor = this.editor();
    const row = editor.locator(`[data-layer="${layer}"]`);
    await row.getByLabel("Rotates").selectOption(rotates);
    await row.getByLabel("First shift on").fill(firstOn);
    const button = editor.getByRole("button", { name: "Save as a new version" });
    if (save === "Enter") await button.press("Enter");
    else await button.click();
    await expect(this.preview()).toBeVisible();
    return this.preview();
  }

  /** What saving would do: now before and after, the next 14 days, warnings. */
  preview() {
    return this.editor().getByRole("region", { name: /Before you save/ });
  }

  /** Confirms the preview (saying one person on two layers is meant, when it is); returns the outcome's status. */
  async confirmSave({ twoLayersMeant = false } = {}) {
    if (twoLayersMeant) await this.preview().getByLabel("One person on two layers at once is meant").check();
    await this.preview().getByRole("button", { name: "Confirm and save" }).click();
    const status = this.editor().getByRole("status");
    await expect(status).toContainText(/Saved version \d+/);
    return status;
  }

  /** Sets a layer's rotation and first shift, previews and confirms. Returns the outcome's status. */
  async rotate(layer: Layer, rotates: "daily" | "weekly", firstOn: string, opts: { twoLayersMeant?: boolean } = {}) {
    await this.proposeRotation(layer, rotates, firstOn);
    return this.confirmSave(opts);
  }

  /** "Where you are notified": the person's own channels. */
  contact() {
    return this.page.getByRole("form", { name: "Where you are notified" });
  }

  async saveContact(fields: Record<string, string>) {
    const form = this.contact();
    for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved.");
  }

  /** Sends a test to each saved channel; the list of how each went. */
  async sendTest() {
    await this.contact().getByRole("button", { name: "Send a test" }).click();
    return this.contact().getByRole("list", { name: "Test results" });
  }
}
