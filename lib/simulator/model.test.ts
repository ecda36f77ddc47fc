import { describe, expect, it } from "vitest";
import { createPlatform } from "./index";
import { exposition, openMetricsHistory } from "./exposition";
import { SimulatorSource } from "@/lib/metrics/sources";
import { DASHBOARDS } from "@/lib/metrics/dashboards";
import { SLOS } from "@/lib/metrics/slo";

const ANCHOR = Date.parse("2026-11-20T12:00:00Z");
const platform = createPlatform({ seed: 42, anchor: ANCHOR });
const source = new SimulatorSource(platform);
const MIN = 60_000;

describe("the platform simulator", () => {
  it("models ~200 hosts in three regions with bounded label cardinality", () => {
    const hosts = new Set(platform.byMetric.get("host_disk_used_ratio")!.map((s) => s.labels.host));
    expect(hosts.size).toBe(200);
    const values = new Map<string, Set<string>>();
    for (const s of platform.series)
      for (const [k, v] of Object.entries(s.labels)) values.set(k, (values.get(k) ?? new Set()).add(v));
    expect(values.get("region")).toEqual(new Set(["us-east", "eu-west", "ap-south"]));
    for (const [label, set] of values) expect(set.size, label).toBeLessThanOrEqual(200);
    expect(platform.series.length).toBeLessThan(5000);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const again = createPlatform({ seed: 42, anchor: ANCHOR });
    const other = createPlatform({ seed: 7, anchor: ANCHOR });
    const s = (p: typeof platform) => p.byMetric.get("http_requests_total")![0]!;
    expect(again.increase(s(again), ANCHOR - 3600e3, ANCHOR)).toBe(
      platform.increase(s(platform), ANCHOR - 3600e3, ANCHOR),
    );
    expect(other.increase(s(other), ANCHOR - 3600e3, ANCHOR)).not.toBe(
      platform.increase(s(platform), ANCHOR - 3600e3, ANCHOR),
    );
  });

  it("counts exactly: increases over adjacent windows add up, and counters never go down", () => {
    const s = platform.byMetric.get("edge_connect_attempts_total")![0]!;
    const a = platform.increase(s, ANCHOR - 5 * 3600e3 - 17_000, ANCHOR - 3600e3 + 5_500);
    const b = platform.increase(s, ANCHOR - 3600e3 + 5_500, ANCHOR);
    expect(a + b).toBeCloseTo(platform.increase(s, ANCHOR - 5 * 3600e3 - 17_000, ANCHOR), 6);
    expect(a).toBeGreaterThan(0);
  });

  it("has a daily traffic shape", async () => {
    const rate = async (hourUtc: number) => {
      const t = Date.parse(`2026-11-19T${String(hourUtc).padStart(2, "0")}:30:00Z`);
      const [s] = await source.instant(
        { kind: "rate", sel: { metric: "http_requests_total", match: { region: "eu-west" } } },
        { window: 600 },
        t,
      );
      return s!.value;
    };
    expect(await rate(13)).toBeGreaterThan((await rate(1)) * 1.4); // eu-west peaks in its afternoon
  });

  it("degrades eu-west edge connects around the anchor and recovers after the scenario", async () => {
    const success = async (t: number) => {
      const out = await source.instant(
        {
          kind: "ratio",
          num: { metric: "edge_connect_failures_total" },
          den: { metric: "edge_connect_attempts_total" },
          by: ["region"],
          complement: true,
        },
        { window: 300 },
        t,
      );
      return Object.fromEntries(out.map((s) => [s.labels.region, s.value]));
    };
    const during = await success(ANCHOR - 30 * MIN);
    expect(during["eu-west"]).toBeLessThan(0.99);
    expect(during["us-east"]).toBeGreaterThan(0.999);
    const before = await success(ANCHOR - 3 * 3600e3);
    expect(before["eu-west"]).toBeGreaterThan(0.999);
    const after = await success(ANCHOR + 8 * 3600e3);
    expect(after["eu-west"]).toBeGreaterThan(0.999);
  });

  it("keeps the ap-south volume snapshots backup late at the anchor", async () => {
    const ages = await source.instant(
      { kind: "age", sel: { metric: "backup_job_last_success_timestamp_seconds" }, by: ["region", "backup"] },
      { window: 300 },
      ANCHOR,
    );
    const age = (region: string, job: string) =>
      ages.find((s) => s.labels.region === region && s.labels.backup === job)!.value;
    expect(age("ap-south", "volume-snapshots")).toBeGreaterThan(26 * 3600);
    expect(age("us-east", "volume-snapshots")).toBeLessThan(6 * 3600 + 60);
    expect(age("eu-west", "postgres-wal")).toBeLessThan(6 * 60);
  });

  it("takes hosts down in the failure wave", async () => {
    const down = async (t: number) =>
      (
        await source.instant(
          { kind: "gauge", sel: { metric: "host_state", match: { state: "down", region: "ap-south" } }, agg: "sum" },
          { window: 60 },
          t,
        )
      )[0]!.value;
    expect(await down(ANCHOR - 9 * 86400e3 + 30 * MIN)).toBeGreaterThan(5);
    expect(await down(ANCHOR - 8 * 86400e3)).toBe(0);
  });

  it("gives every panel of every dashboard and every SLO data", async () => {
    for (const d of DASHBOARDS) {
      for (const p of d.panels) {
        const out = await source.instant(p.query, { window: 300 }, ANCHOR);
        expect(out.length, `${d.slug}/${p.id}`).toBeGreaterThan(0);
      }
    }
    for (const slo of SLOS) expect((await source.instant(slo.errorRatio, { window: 3600 }, ANCHOR)).length).toBe(3);
  });

  it("exposes Prometheus text with counters counted from the process start", () => {
    const text = exposition(platform, ANCHOR - 60_000, ANCHOR);
    expect(text).toContain("# TYPE http_requests_total counter");
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{service="api",region="us-east",le="\+Inf"\} [\d.e+]+$/m,
    );
    expect(text).toMatch(/^host_state\{region="us-east",host="us-east-h001",state="ready"\} [01]$/m);
    const line = /^edge_connect_attempts_total\{region="eu-west",node="edge-eu-west-3"\} ([\d.e+]+)$/m.exec(text)!;
    expect(Number(line[1])).toBeGreaterThan(0);
    expect(Number(line[1])).toBeLessThan(60 * 2000); // one minute's worth, not since the epoch
  });

  it("writes its history as OpenMetrics for promtool: families contiguous, each series in time order, counters from the start", () => {
    const from = ANCHOR - 30 * MIN;
    const text = [
      ...openMetricsHistory(platform, { from, to: ANCHOR }, { job: "platform", instance: "sim:9464" }),
    ].join("");
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).toContain("# TYPE http_requests counter\n");
    expect(text).not.toContain("# TYPE http_requests_total");
    const typed: string[] = [];
    const lastAt = new Map<string, number>();
    let samples = 0;
    for (const line of text.split("\n")) {
      const type = /^# TYPE (\S+) /.exec(line);
      if (type) {
        expect(typed).not.toContain(type[1]); // each family once
        typed.push(type[1]!);
      }
      const m = /^(\S+\{[^}]*\}) (\S+) (\d+(?:\.\d+)?)$/.exec(line);
      if (!m) continue;
      samples++;
      expect(m[1]!.startsWith(typed.at(-1)!)).toBe(true);
      const t = Number(m[3]) * 1000;
      expect(t).toBeGreaterThan(lastAt.get(m[1]!) ?? -Infinity);
      lastAt.set(m[1]!, t);
    }
    expect(lastAt.size).toBe(platform.series.length);
    // A minute in which a series' service was silenced (the demo's overlay exporter in ap-south) has no sample.
    const minutes = Array.from({ length: 31 }, (_, i) => from + i * 60_000);
    expect(samples).toBe(platform.series.reduce((n, x) => n + minutes.filter((t) => !platform.silent(x, t)).length, 0));
    expect(samples).toBeLessThan(platform.series.length * 31);
    const s = platform.byMetric.get("edge_connect_attempts_total")!.find((x) => x.labels.node === "edge-eu-west-3")!;
    const last = new RegExp(
      `^edge_connect_attempts_total\\{job="platform",instance="sim:9464",region="eu-west",node="edge-eu-west-3"\\} (\\S+) ${ANCHOR / 1000}$`,
      "m",
    ).exec(text)!;
    expect(Number(last[1])).toBeCloseTo(platform.increase(s, from, ANCHOR), 6);
  });
});
