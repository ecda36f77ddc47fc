// Sliding-window counters kept in this process (one console replica); used for sign-in failures
// and, later, per-org limits. Each limiter names its limit so the 429 can say it.

export interface Limit {
  name: string;
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(readonly limit: Limit) {}

  private recent(key: string, now: number): number[] {
    const since = now - this.limit.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Seconds until the key may act again, or 0 when it is under the limit. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.limit.max) return 0;
    const oldest = list[list.length - this.limit.max]!;
    return Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000));
  }

  hit(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 50_000) this.sweep(now);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number) {
    for (const key of [...this.hits.keys()]) this.recent(key, now);
  }
}
