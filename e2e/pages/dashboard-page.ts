import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

export class DashboardPage {
  constructor(private readonly page: Page) {}

  async open(slug: string, query = "") {
    await this.page.goto(`/dashboards/${slug}${query}`);
    await hydrated(this.page);
  }

  panels() {
    return this.page.locator("section[data-panel]");
  }

  panel(id: string) {
    return this.page.locator(`section[data-panel="${id}"]`);
  }

  /** Waits until every panel shows its data: a drawn chart line, a stat, a grid or a table — no spinner, no error. */
  async expectAllPanelsDrawn() {
    await expect(this.page.getByRole("status", { name: /^Loading / })).toHaveCount(0, { timeout: 15_000 });
    const count = await this.panels().count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const panel = this.panels().nth(i);
      await expect(panel.getByRole("alert")).toHaveCount(0);
      const chart = panel.locator("[data-chart]");
      // A flat line has an empty bounding box, so "attached" rather than "visible".
      if (await chart.count()) await expect(chart.locator(".chart-line").first()).toBeAttached();
      else await expect(panel.locator("[data-testid=stat-value], ul li, table tbody tr").first()).toBeVisible();
    }
    return count;
  }

  /** Clicks (or, with `tap`, taps) a panel's chart at 60 % of its width and opens "Declare incident from this point". */
  async declareFromChart(panel: string, how: "click" | "tap") {
    const chart = this.page.locator(`section[data-panel="${panel}"] [data-chart]`);
    await expect(chart.locator(".chart-line").first()).toBeAttached();
    const box = (await chart.boundingBox())!;
    const [x, y] = [box.x + box.width * 0.6, box.y + box.height * 0.5];
    if (how === "tap") await this.page.touchscreen.tap(x, y);
    else await this.page.mouse.click(x, y);
    await this.page.getByRole("link", { name: "Declare incident from this point" }).click();
    return this.page.getByRole("form", { name: "Declare incident" });
  }

  async setRange(label: string) {
    await this.page.getByLabel("Time range").selectOption({ label });
  }

  async setRegion(region: string) {
    await this.page.getByLabel("Region").selectOption(region);
  }
}
