// Timing helpers shared by the benchmarks: warm up, run for a fixed count, report percentiles.
export interface Figures {
  name: string;
  n: number;
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export async function measure(name: string, n: number, fn: () => Promise<unknown>, warmup = Math.min(50, n)): Promise<Figures> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Float64Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  samples.sort();
  const pct = (p: number) => samples[Math.min(n - 1, Math.floor(n * p))]!;
  return { name, n, opsPerSec: (n / total) * 1000, p50Ms: pct(0.5), p95Ms: pct(0.95), p99Ms: pct(0.99) };
}

export function printTable(rows: Figures[]) {
  const head = ["case", "n", "ops/s", "p50 ms", "p95 ms", "p99 ms"];
  const body = rows.map((r) => [r.name, String(r.n), r.opsPerSec.toFixed(0), r.p50Ms.toFixed(3), r.p95Ms.toFixed(3), r.p99Ms.toFixed(3)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
}
