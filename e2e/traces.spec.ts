import { expect, test } from "@playwright/test";
import { DEMO, hydrated, LoginPage } from "./pages/login-page";
import { LogsPage } from "./pages/logs-page";
import { keptEdgeFailure, TracePage } from "./pages/trace-page";
import { seriousViolations } from "./support/axe";

// Where did the time go, as an incident commander finds it in the demo SEV1: an eu-west edge timeout's
// line opens its trace; the failing edge span is marked and on the critical path; its Logs open the
// edge's lines of those seconds; the span is pinned to INC-1 and shows on the incident. The waterfall
// works by keyboard alone, and a tenant never reaches a trace.
test.setTimeout(180_000);

test("from an edge error line to its trace: the failing span marked on the critical path, its logs, pinned to INC-1", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.ic);
  const failure = await keptEdgeFailure(page);

  // The line's detail offers the trace.
  const logs = new LogsPage(page);
  const t = Date.parse(failure.ts);
  const around = `start=${new Date(t - 60_000).toISOString()}&end=${new Date(t + 60_000).toISOString()}`;
  await logs.gotoPlatform(`?component=edge&trace_id=${failure.traceId}&${around}&line=${failure.lineId}`);
  await logs.detail().getByRole("link", { name: "Open the trace's waterfall →" }).click();
  await expect(page).toHaveURL(new RegExp(`/traces/${failure.traceId}$`));

  const trace = new TracePage(page);
  await expect(trace.grid()).toBeVisible();
  await expect(page.getByText(/⚠ \d+ errors?/).first()).toBeVisible();
  // The edge's own span failed: marked in words, not colour alone, and on the critical path.
  const failing = trace.errorRows().first();
  await expect(failing).toHaveAttribute("aria-label", /error, on the critical path/);
  await expect(failing).toContainText("⚠ error");
  await expect(failing).toContainText("edge");

  // Its panel: the status message, the request id it carried, and the edge's line of those seconds.
  await failing.click();
  await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);
  const panel = trace.panel();
  await expect(panel).toContainText("upstream response timeout after 5s");
  await expect(panel).toContainText(failure.requestId);
  await expect(panel.getByRole("region", { name: "Log lines of this span" })).toContainText(
    "upstream response timeout",
    {
      timeout: 15_000,
    },
  );

  // Pinned to the demo's SEV1.
  const incidentOption = panel.getByLabel("Pin to").locator("option", { hasText: /^INC-1 · / });
  await panel.getByLabel("Pin to").selectOption({ label: (await incidentOption.textContent())! });
  await panel.getByRole("button", { name: "Pin as evidence" }).click();
  await expect(panel.getByText("Pinned to INC-1")).toBeVisible();

  // Logs: the edge's lines in the span's seconds.
  await panel.getByRole("link", { name: "Logs of edge in these seconds" }).click();
  await expect(page).toHaveURL(/\/platform\/logs\?component=edge&start=.+&end=.+/);
  await hydrated(page);
  await expect(logs.row("upstream response timeout").first()).toBeVisible({ timeout: 15_000 });

  // On the incident, the pin is a card that leads back to the span.
  await page.goto("/incidents/INC-1");
  await hydrated(page);
  const card = page.getByRole("link", { name: new RegExp(`Span [0-9a-f]{16} of trace ${failure.traceId}`) });
  await expect(card).toBeVisible({ timeout: 15_000 });
  const href = (await card.getAttribute("href"))!;
  expect(href).toMatch(new RegExp(`^/traces/${failure.traceId}\\?span=[0-9a-f]{16}&start=.+&end=.+`));
  await page.goto(href);
  await hydrated(page);
  await expect(trace.panel()).toContainText("upstream response timeout after 5s");
  await expect(trace.grid().locator('[aria-selected="true"]')).toHaveAttribute("data-status", "error");
});

test("the waterfall by keyboard: move, fold and unfold, open a span and close it back to its row; axe-clean light and dark", async ({
  page,
}) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  const failure = await keptEdgeFailure(page);
  const trace = new TracePage(page);
  for (const scheme of ["dark", "light"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await trace.open(failure.traceId);
    expect(await seriousViolations(page), `${scheme} trace page`).toEqual([]);
  }
  const total = await trace.rows().count();
  expect(total).toBeGreaterThanOrEqual(3);
  // The grid takes one Tab stop: its first row.
  await trace.rows().first().focus();
  await expect(trace.focusedRow()).toHaveAttribute("aria-level", "1");
  await page.keyboard.press("ArrowDown");
  await expect(trace.focusedRow()).toHaveAttribute("aria-level", "2");
  await page.keyboard.press("ArrowRight"); // to its first child
  await expect(trace.focusedRow()).toHaveAttribute("aria-level", "3");
  await page.keyboard.press("ArrowLeft"); // a leaf: to its parent
  await expect(trace.focusedRow()).toHaveAttribute("aria-level", "2");
  await page.keyboard.press("ArrowLeft"); // expanded: folds
  await expect(trace.focusedRow()).toHaveAttribute("aria-expanded", "false");
  await expect(trace.rows()).toHaveCount(total - 1);
  await page.keyboard.press("ArrowRight"); // folded: unfolds
  await expect(trace.rows()).toHaveCount(total);
  await page.keyboard.press("Enter");
  await expect(trace.panel()).toBeVisible();
  await expect(page.getByRole("button", { name: "Close span detail" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(trace.panel()).toHaveCount(0);
  await expect(trace.focusedRow()).toHaveAttribute("aria-level", "2");
});

test("search finds the edge's failing traces; a tenant reaches no trace", async ({ page, browser, baseURL }) => {
  await new LoginPage(page).signInAs(DEMO.oncall);
  const failure = await keptEdgeFailure(page);
  await page.goto("/traces?service=edge&status=error&start=6h");
  await hydrated(page);
  const found = page.locator("[data-trace]").first();
  await expect(found).toBeVisible({ timeout: 15_000 });
  await expect(found).toContainText("⚠");
  await expect(page.getByRole("region", { name: /Which service calls which/ })).toBeVisible();

  const tenant = await (await browser.newContext({ baseURL })).newPage();
  await new LoginPage(tenant).signInAs(DEMO.acme);
  expect((await tenant.request.get(`/api/v1/traces/${failure.traceId}`)).status()).toBe(403);
  await tenant.goto(`/traces/${failure.traceId}`);
  await expect(tenant.getByText("You don't have access to this page")).toBeVisible();
  await expect(tenant.getByRole("treegrid")).toHaveCount(0);
});

test("a 5,000-span trace's waterfall is drawn within a second of its spans arriving", async ({ page }) => {
  await new LoginPage(page).signInAs(DEMO.admin);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const traceId = hex(Date.now(), 16) + hex(0x5000, 16);
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  const ns = (ms: number) => (t0 + BigInt(Math.round(ms * 1e6))).toString();
  // A root, 50 calls under it, 99 statements under each (98 under the last): 5,000 spans; one fails, so sampling keeps it.
  const spans = [{ spanId: hex(1, 16), parentSpanId: "", name: "GET /bench", start: 0, end: 5000, error: false }];
  for (let c = 0; c < 50; c++) {
    const id = hex(2 + c * 100, 16);
    spans.push({
      spanId: id,
      parentSpanId: hex(1, 16),
      name: `call ${c}`,
      start: c * 100,
      end: c * 100 + 95,
      error: c === 42,
    });
    for (let s = 0; s < (c === 49 ? 98 : 99); s++)
      spans.push({
        spanId: hex(3 + c * 100 + s, 16),
        parentSpanId: id,
        name: `SELECT ${s}`,
        start: c * 100 + s * 0.9,
        end: c * 100 + s * 0.9 + 0.8,
        error: false,
      });
  }
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "bench" } }] },
        scopeSpans: [
          {
            spans: spans.map((s) => ({
              traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId,
              name: s.name,
              kind: 1,
              startTimeUnixNano: ns(s.start),
              endTimeUnixNano: ns(s.end),
              status: { code: s.error ? 2 : 0 },
            })),
          },
        ],
      },
    ],
  };
  const posted = await page.request.post("/api/v1/platform/otlp/v1/traces", { data: body });
  expect(posted.status(), await posted.text()).toBe(200);
  await expect.poll(async () => (await page.request.get(`/api/v1/traces/${traceId}`)).status()).toBe(200);

  // The page notes when its first row appears, so the figure is the browser's, not the test's polling.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[role="treegrid"] [role="row"]')) return;
      (window as unknown as { rowsDrawnAt: number }).rowsDrawnAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const started = Date.now();
  await page.goto(`/traces/${traceId}`);
  const grid = page.getByRole("treegrid");
  await expect(grid.getByRole("row").first()).toBeVisible({ timeout: 15_000 });
  const total = Date.now() - started;
  // From the trace's read answered to its rows on screen.
  const drawn = await page.evaluate((id) => {
    const read = performance.getEntriesByType("resource").find((e) => e.name.includes(`/api/v1/traces/${id}`)) as
      PerformanceResourceTiming | undefined;
    const at = (window as unknown as { rowsDrawnAt?: number }).rowsDrawnAt;
    return read && at !== undefined ? at - read.responseEnd : null;
  }, traceId);
  await expect(grid).toHaveAttribute("aria-rowcount", "5000");
  // Virtualised: only the rows in view are in the page.
  expect(await grid.getByRole("row").count()).toBeLessThan(100);
  console.log(
    `5,000-span waterfall: ${drawn?.toFixed(0)} ms from the read's answer to rows drawn; ${total} ms from navigation`,
  );
  expect(drawn).not.toBeNull();
  expect(drawn!).toBeLessThan(1000);
});
