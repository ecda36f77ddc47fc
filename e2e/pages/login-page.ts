import { expect, type Page } from "@playwright/test";

export const DEMO = {
  oncall: "oncall@demo.local",
  ic: "ic@demo.local",
  admin: "admin@demo.local",
  acme: "dev@acme.demo.local",
  globex: "dev@globex.demo.local",
} as const;

/** Waits until React has hydrated the page, so clicks reach their handlers. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
    await expect(this.page.getByRole("heading", { name: "Sign in to Ops Console" })).toBeVisible();
    await hydrated(this.page);
  }

  async fill(email: string, password: string) {
    await this.page.getByLabel("Email", { exact: true }).fill(email);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
  }

  async signIn(email: string, password = "demo") {
    await this.goto();
    await this.fill(email, password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  /** Signs in and waits for the console shell. */
  async signInAs(email: string) {
    await this.signIn(email);
    // The navigation on a laptop, its menu button on a phone.
    const shell = this.page
      .getByRole("navigation", { name: "Main", exact: true })
      .or(this.page.getByRole("button", { name: /^Menu/ }));
    await expect(shell.filter({ visible: true })).toBeVisible();
    await hydrated(this.page);
  }

  error() {
    return this.page.locator("main").getByRole("alert");
  }
}

export class Shell {
  constructor(private readonly page: Page) {}

  nav() {
    return this.page.getByRole("navigation", { name: "Main", exact: true });
  }

  async navLabels(): Promise<string[]> {
    return (await this.nav().getByRole("link").allTextContents()).map((s) => s.trim());
  }

  async signOut() {
    await hydrated(this.page);
    await this.page.getByRole("button", { name: /^Account menu/ }).click();
    await this.page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }
}
