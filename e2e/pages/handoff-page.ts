import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

export class HandoffPage {
  constructor(private readonly page: Page) {}

  async startTo(name: string) {
    await this.page.goto("/handoffs");
    await hydrated(this.page);
    const form = this.page.getByRole("form", { name: "Start a handoff" });
    await form.getByLabel("Hand over to").selectOption({ label: name });
    await form.getByRole("button", { name: "Start end-of-shift handoff" }).click();
    await expect(this.page).toHaveURL(/\/handoffs\/ho_/);
    await hydrated(this.page);
    return this.page.url().split("/").pop()!;
  }

  async tickAll(list: "End of shift checklist" | "Start of shift checklist") {
    const boxes = this.page.getByRole("list", { name: list }).getByRole("checkbox");
    const n = await boxes.count();
    // "Paging reaches me" is ticked with a note saying how it was checked (or by a delivered test page).
    const paging = this.page.locator('[data-item="confirm-paging"]').getByRole("textbox");
    if ((await paging.count()) && !(await paging.inputValue())) await paging.fill("paged myself from the phone app");
    for (let i = 0; i < n; i++) {
      const box = boxes.nth(i);
      if (!(await box.isChecked())) {
        const saved = this.page.waitForResponse((r) => r.url().includes("/items/") && r.request().method() === "PATCH");
        await box.check();
        expect((await saved).status()).toBe(200);
        await expect(box).toBeChecked();
      }
    }
  }

  /** Writes a summary into every open incident that lacks one (other people may declare incidents meanwhile). */
  async summarizeAll(text: string) {
    // Row by row: a row whose incident has a summary already has no box, so boxes and rows do not line up; and
    // by incident, not by place — an incident declared meanwhile (by another test) moves the rows.
    const list = this.page.getByRole("list", { name: "Investigation summaries" });
    const refs = await list
      .locator("li[data-incident]")
      .evaluateAll((li) => li.map((l) => l.getAttribute("data-incident")!));
    for (const ref of refs) {
      const row = list.locator(`li[data-incident="${ref}"]`);
      const box = row.getByRole("textbox");
      if (!(await box.count()) || (await box.inputValue()).trim()) continue;
      await box.fill(text);
      const saved = this.page.waitForResponse((r) => r.url().includes("/incidents/") && r.request().method() === "PUT");
      await row.getByRole("button", { name: "Save" }).click();
      expect((await saved).status()).toBe(200);
      await expect(row.getByRole("button", { name: "Update" })).toBeVisible();
    }
  }

  /** Submits; when someone declared an incident meanwhile, summarizes it too and tries again. */
  async submit(summary: string) {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.summarizeAll(summary);
      await this.page.getByRole("button", { name: /^Submit handoff/ }).click();
      const done = this.page.getByText("submitted", { exact: true }).first();
      await expect(done.or(this.page.getByRole("status", { name: /^Refused/ }))).toBeVisible();
      if (await done.isVisible()) return;
    }
    throw new Error("the handoff was refused three times");
  }
}
