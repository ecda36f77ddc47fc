// The review's SLO figures when the metrics source is slow: the last minutes' answer stands in while this
// minute's is read, for up to five minutes; a first read, or one older than that, is waited for. The source
// here is a stand-in whose answers the test releases by hand (the timing is what is tested; the figures
// themselves are tested against the simulator and Prometheus in tests/integration/insights.test.ts).
import { describe, expect, it } from "vitest";
import type { MetricsSource } from "@/lib/metrics/sources";
import { sloFigures } from "./slo";

const MIN = 60_000;

/** A source whose every read waits until `answer(ratio)` releases it. */
function heldSource() {
  const waiting: ((ratio: number) => void)[] = [];
  const source = {
    name: "prometheus",
    instant: () =>
      new Promise((resolve) => waiting.push((ratio) => resolve([{ labels: { region: "eu-west" }, value: ratio }]))),
    range: async () => [],
  } as unknown as MetricsSource;
  const answer = (ratio: number) => waiting.splice(0).forEach((w) => w(ratio));
  return { source, answer, waiting };
}

const settled = async <T>(p: Promise<T>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe("the review's SLO figures from a slow source", () => {
  it("answer with the last minute's figures while this minute's are read, for five minutes at most", async () => {
    const { source, answer, waiting } = heldSource();
    const t0 = Date.parse("2026-12-04T10:00:30Z");
    // The first read is waited for.
    const first = sloFigures(t0, [], source);
    expect(await settled(first)).toBe(false);
    answer(0.0005);
    const a = await first;
    expect(a.slo_error).toBeNull();
    expect(a.slos[0]!.attained).toBeCloseTo(0.9995, 6);

    // A minute later the source is slow: the figures of a minute ago answer at once; the read goes on.
    const later = sloFigures(t0 + MIN, [], source);
    expect(await settled(later)).toBe(true);
    expect((await later).slos[0]!.attained).toBeCloseTo(0.9995, 6);
    expect(waiting.length).toBeGreaterThan(0);
    answer(0.002);
    await new Promise((r) => setTimeout(r, 0));
    expect((await sloFigures(t0 + MIN, [], source)).slos[0]!.attained).toBeCloseTo(0.998, 6);

    // Six minutes after the last answer: too old to stand in; the review waits for the source.
    const stale = sloFigures(t0 + 7 * MIN, [], source);
    expect(await settled(stale)).toBe(false);
    answer(0.001);
    expect((await stale).slos[0]!.attained).toBeCloseTo(0.999, 6);
  });
});
