import { afterEach, describe, expect, it, vi } from "vitest";
import { sseResponse } from "./sse";

afterEach(() => vi.useRealTimers());

describe("sseResponse", () => {
  it("ends a stream nobody starts reading, so it holds no slot", async () => {
    vi.useFakeTimers();
    const closed: string[] = [];
    const res = sseResponse(() => {}, { onClose: (r) => closed.push(r) });
    await vi.advanceTimersByTimeAsync(14_000);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(closed).toEqual(["never_read"]);
    expect(res.status).toBe(200);
  });

  it("keeps a stream that is read", async () => {
    vi.useFakeTimers();
    const closed: string[] = [];
    const res = sseResponse(() => {}, { onClose: (r) => closed.push(r), heartbeatMs: 1000 });
    const reader = res.body!.getReader();
    await reader.read();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(closed).toEqual([]);
    await reader.cancel();
    expect(closed).toEqual(["client_gone"]);
  });

  it("ends a stream whose client stopped reading before its queue grows without bound", async () => {
    const closed: string[] = [];
    let sent = 0;
    const res = sseResponse(
      (ch) => {
        for (let i = 0; i < 20_000 && !ch.closed; i++) {
          ch.send("line", { i });
          sent++;
        }
      },
      { onClose: (r) => closed.push(r) },
    );
    const reader = res.body!.getReader();
    await reader.read(); // read once, then never again
    await new Promise((r) => setTimeout(r, 10));
    expect(closed).toEqual(["client_not_reading"]);
    expect(sent).toBeLessThan(20_000);
  });
});
