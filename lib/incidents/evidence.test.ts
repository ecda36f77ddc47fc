import { describe, expect, it } from "vitest";
import { describeEvidence, windowText } from "./evidence";

describe("evidence links", () => {
  it("read the window each view names its own way", () => {
    expect(
      describeEvidence("/dashboards/edge?from=2026-11-27T12:00:00Z&to=2026-11-27T13:00:00Z&region=eu-west"),
    ).toEqual({
      what: "Dashboard edge in eu-west",
      window: { from: "2026-11-27T12:00:00Z", to: "2026-11-27T13:00:00Z" },
      follows: null,
    });
    expect(describeEvidence("/orgs/acme/logs?q=timeout&start=2026-11-27T12:00:00Z").window).toEqual({
      from: "2026-11-27T12:00:00Z",
      to: null,
    });
    expect(
      describeEvidence(
        "/changes?service=edge&region=eu-west&from=2026-11-27T12:00:00.000Z&to=2026-11-27T12:30:00.000Z",
      ),
    ).toMatchObject({
      what: "Changes to edge in eu-west",
      window: { from: "2026-11-27T12:00:00.000Z", to: "2026-11-27T12:30:00.000Z" },
    });
    expect(describeEvidence("/platform/logs?component=edge&region=eu-west&level=error&start=a&end=b")).toMatchObject({
      what: "Platform logs of edge in eu-west, error and worse",
      window: { from: "a", to: "b" },
    });
  });

  it("a dashboard link's start/end is not its window (dashboards read from/to)", () => {
    expect(describeEvidence("/dashboards/edge?start=2026-11-27T12:00:00Z").window).toBeNull();
  });

  it("names what a correlate link follows", () => {
    expect(describeEvidence("/correlate?request_id=req-1&start=x&end=y")).toMatchObject({
      what: "The path of request req-1",
      follows: "req-1",
      window: { from: "x", to: "y" },
    });
  });

  it("names the trace and the span a trace link opens, and the span's window", () => {
    const t = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(describeEvidence(`/traces/${t}?span=00f067aa0ba902b7&start=a&end=b`)).toEqual({
      what: `Span 00f067aa0ba902b7 of trace ${t}`,
      follows: t,
      window: { from: "a", to: "b" },
    });
    expect(describeEvidence(`/traces/${t}`)).toEqual({ what: `Trace ${t}`, follows: t, window: null });
  });

  it("shows anything else as given", () => {
    expect(describeEvidence("https://status.example.com/x").what).toBe("https://status.example.com/x");
    expect(windowText(null)).toBe("");
    expect(windowText({ from: "a", to: null })).toBe("a → now");
  });
});
