import { describe, expect, it } from "vitest";
import { compile, evaluate, histogramQuantile, type Query, type SampleReader } from "./query";
import { ruleGroups } from "./rule-file";

describe("compiling typed queries to PromQL", () => {
  it("rates, ratios, quantiles, gauges and ages", () => {
    const o = { window: 300 };
    expect(
      compile({ kind: "rate", sel: { metric: "http_requests_total", match: { service: "api" } }, by: ["region"] }, o),
    ).toBe('sum by (region) (rate(http_requests_total{service="api"}[5m]))');
    expect(
      compile(
        { kind: "ratio", num: { metric: "f_total" }, den: { metric: "a_total" }, by: ["region"], complement: true },
        { window: 3600, region: "eu-west" },
      ),
    ).toBe(
      '1 - (sum by (region) (rate(f_total{region="eu-west"}[1h])) / sum by (region) (rate(a_total{region="eu-west"}[1h])))',
    );
    expect(
      compile({ kind: "quantile", q: 0.99, histogram: "d_seconds", match: { code: ["=~", "5.."] } }, { window: 90 }),
    ).toBe('histogram_quantile(0.99, sum by (le) (rate(d_seconds_bucket{code=~"5.."}[90s])))');
    expect(
      compile(
        {
          kind: "gauge",
          sel: { metric: "host_state", match: { state: ["!=", "ready"] } },
          agg: "max",
          by: ["host", "state"],
          nonzero: true,
        },
        o,
      ),
    ).toBe('max by (host, state) (host_state{state!="ready"}) > 0');
    expect(compile({ kind: "age", sel: { metric: "last_success" }, by: ["job"] }, o)).toBe(
      "max by (job) (time() - last_success)",
    );
  });

  it("reads the past with an offset", () => {
    expect(compile({ kind: "rate", sel: { metric: "r_total" }, by: ["region"] }, { window: 600, offset: 604800 })).toBe(
      "sum by (region) (rate(r_total[10m] offset 7d))",
    );
  });

  it("escapes label values", () => {
    expect(
      compile({ kind: "gauge", sel: { metric: "m", match: { path: 'a"b\\c' } }, agg: "sum" }, { window: 60 }),
    ).toBe('sum by () (m{path="a\\"b\\\\c"})');
  });

  it("generates burn-rate alerting rules from the SLOs' recorded error ratios, scaled for tests", () => {
    const groups = ruleGroups({ scale: 60, regions: ["us-east"] });
    const recording = groups.find((g) => g.name === "ops-console-slo-recording")!.rules as {
      record: string;
      expr: string;
      labels: Record<string, string>;
    }[];
    const hour = recording.find((r) => r.labels.slo === "edge-connect" && r.record === "slo:sli_error:ratio_rate1h")!;
    expect(hour.expr).toContain("[1m]"); // 1h / 60
    const burn = groups.find((g) => g.name === "ops-console-slo-burn")!.rules as {
      labels: Record<string, string>;
      expr: string;
      annotations: Record<string, string>;
    }[];
    const page = burn.find((r) => r.labels.slo === "edge-connect" && r.labels.severity === "page")!;
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{slo="edge-connect"} > 0.0144');
    expect(page.expr).toContain('slo:sli_error:ratio_rate5m{slo="edge-connect"} > 0.0144');
    expect(page.annotations.runbook_url).toBe("/runbooks/edge-connect-failures");
  });
});

describe("histogram_quantile like Prometheus", () => {
  const buckets: [number, number][] = [
    [0.1, 50],
    [0.5, 90],
    [1, 99],
    [Infinity, 100],
  ];
  it("interpolates linearly inside the bucket", () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1, 9); // exactly the first bucket's top
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.1 + 0.4 * (20 / 40), 9);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05, 9); // first bucket starts at 0
  });
  it("answers the last finite bound when the rank falls in +Inf, NaN without observations", () => {
    expect(histogramQuantile(0.999, buckets)).toBe(1);
    expect(
      histogramQuantile(0.5, [
        [0.1, 0],
        [Infinity, 0],
      ]),
    ).toBeNaN();
    expect(histogramQuantile(0.5, [[0.1, 3]])).toBeNaN();
  });
});

describe("evaluating against samples", () => {
  const reader: SampleReader = {
    rates: (metric) =>
      metric === "f_total"
        ? [
            { labels: { region: "a", node: "1" }, value: 1 },
            { labels: { region: "a", node: "2" }, value: 3 },
            { labels: { region: "b", node: "1" }, value: 0 },
          ]
        : [
            { labels: { region: "a", node: "1" }, value: 100 },
            { labels: { region: "a", node: "2" }, value: 100 },
            { labels: { region: "b", node: "1" }, value: 50 },
            { labels: { region: "c", node: "1" }, value: 0 },
          ],
    values: () => [],
  };
  it("sums by the grouping labels and divides matching groups", () => {
    const q: Query = {
      kind: "ratio",
      num: { metric: "f_total" },
      den: { metric: "a_total" },
      by: ["region"],
      complement: true,
    };
    const out = evaluate(q, reader, { window: 60 }, 0);
    expect(out).toEqual([
      { labels: { region: "a" }, value: 1 - 4 / 200 },
      { labels: { region: "b" }, value: 1 },
    ]);
  });
});
