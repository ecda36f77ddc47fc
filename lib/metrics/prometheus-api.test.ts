import { describe, expect, it, vi } from "vitest";
import { MetricsError } from "./prometheus-api";

describe("MetricsError", () => {
  it("is recognised when another bundle's copy of the class raised it", async () => {
    vi.resetModules();
    const other = await import("./prometheus-api");
    expect(other.MetricsError).not.toBe(MetricsError);
    const raised = new other.MetricsError("Prometheus is unreachable: fetch failed");
    expect(raised instanceof MetricsError).toBe(true);
    expect(raised.message).toBe("Prometheus is unreachable: fetch failed");
  });

  it("is not every error", () => {
    expect(new Error("boom") instanceof MetricsError).toBe(false);
    expect((null as unknown as object) instanceof MetricsError).toBe(false);
  });
});
