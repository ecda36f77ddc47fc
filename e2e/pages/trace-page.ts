import { expect, type Page } from "@playwright/test";
import { hydrated } from "./login-page";

/** One trace's page: its waterfall (a treegrid of spans) and the open span's panel. */
export class TracePage {
  constructor(private readonly page: Page) {}

  async open(traceId: string, query = "") {
    await this.page.goto(`/traces/${traceId}${query}`);
    await hydrated(this.page);
    await expect(this.grid()).toBeVisible({ timeout: 15_000 });
  }

  grid() {
    return this.page.getByRole("treegrid");
  }

  rows() {
    return this.grid().getByRole("row");
  }

  /** The span rows marked as failed. */
  errorRows() {
    return this.grid().locator('[role="row"][data-status="error"]');
  }

  panel() {
    return this.page.getByRole("complementary", { name: /^Span / });
  }

  focusedRow() {
    return this.grid().locator('[role="row"]:focus');
  }
}

/** Waits until the demo has kept a trace of an eu-west edge failure logged at least a minute ago; its line and trace ids. */
export async function keptEdgeFailure(
  page: Page,
): Promise<{ lineId: string; traceId: string; ts: string; requestId: string }> {
  let found: { lineId: string; traceId: string; ts: string; requestId: string } | null = null;
  await expect
    .poll(
      async () => {
        const res = await page.request.get(
          "/api/v1/platform/logs?component=edge&region=eu-west&level=error&q=upstream%20response%20timeout&start=2h&end=1m&limit=500",
        );
        const lines =
          (
            (await res.json()) as {
              lines?: { id: string; ts: string; trace_id: string | null; request_id: string | null }[];
            }
          ).lines ?? [];
        for (const l of lines.filter((x) => x.trace_id)) {
          if ((await page.request.get(`/api/v1/traces/${l.trace_id}`)).status() === 200) {
            found = { lineId: l.id, traceId: l.trace_id!, ts: l.ts, requestId: l.request_id ?? "" };
            return true;
          }
        }
        return false;
      },
      { timeout: 90_000, intervals: [2000] },
    )
    .toBe(true);
  return found!;
}
