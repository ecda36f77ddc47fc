import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

export class TokensPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/tokens");
    await expect(this.page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    await hydrated(this.page);
  }

  async create(name: string, scopes: string[], appliesTo?: string) {
    await this.page.getByLabel("Name").fill(name);
    if (appliesTo) await this.page.getByLabel("Applies to").selectOption(appliesTo);
    for (const s of scopes) await this.page.getByRole("checkbox", { name: new RegExp(`^${s}`) }).check();
    await this.page.getByRole("button", { name: "Create token" }).click();
    const secret = this.page.getByTestId("token-secret");
    await expect(secret).toBeVisible();
    return (await secret.textContent())!.trim();
  }

  async copySecret() {
    await this.page.getByRole("button", { name: "Copy" }).click();
    await expect(this.page.getByRole("button", { name: "Copied" })).toBeVisible();
  }

  row(name: string) {
    return this.page.getByTestId(`token-row-${name}`);
  }

  async revoke(name: string) {
    this.page.once("dialog", (d) => d.accept());
    await this.row(name).getByRole("button", { name: "Revoke" }).click();
    await expect(this.row(name).getByText("revoked")).toBeVisible();
  }
}
