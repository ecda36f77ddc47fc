import { describe, expect, it } from "vitest";
import { Binder, chTime } from "./sql";
import { sourceSpans } from "../store";
import { defineKind, LEVEL, MESSAGE, type Entry } from "../declare";

describe("chTime", () => {
  it("writes any ISO-8601 time as ClickHouse's UTC DateTime64(6) text, to the microsecond", () => {
    expect(chTime("2026-11-27T10:30:45.123456Z")).toBe("2026-11-27 10:30:45.123456");
    expect(chTime("2026-11-27T10:30:45Z")).toBe("2026-11-27 10:30:45.000000");
    expect(chTime("2026-11-27T10:30:45.1Z")).toBe("2026-11-27 10:30:45.100000");
    expect(chTime("2026-11-27T12:30:45.123456789+02:00")).toBe("2026-11-27 10:30:45.123457");
    expect(chTime("2026-11-27T23:59:59.9999996Z")).toBe("2026-11-28 00:00:00.000000");
    expect(chTime(new Date("2026-11-27T10:30:45.120Z"))).toBe("2026-11-27 10:30:45.120000");
  });
});

describe("Binder", () => {
  it("binds values as placeholders and never puts them in the text", () => {
    const b = new Binder("ops");
    const where: string[] = [];
    b.anyOf(where, "app_id", ["web", "x') OR 1=1 --"]);
    b.anyOf(where, "env_id", []);
    b.contains(where, "50%_Off\\");
    expect(where).toEqual(["app_id IN {p0:Array(String)}", "lowerUTF8(message) LIKE {p1:String}"]);
    expect(b.params).toEqual({ db: "ops", p0: ["web", "x') OR 1=1 --"], p1: "%50\\%\\_off\\\\%" });
  });
});

describe("sourceSpans", () => {
  it("gives each source of a batch its first and last time, two rows per source", () => {
    const kind = defineKind({
      name: "k",
      metric: "k",
      table: "k_lines",
      sources: "k_sources",
      fields: [{ key: "k", label: "K", ch: "String", max: 10, required: true, source: true }, LEVEL, MESSAGE],
      scope: null,
      near: "k",
      read: { scope: "logs:read", tenant: false },
      write: { scope: "logs:write" },
      paths: { read: "/k", page: "/k", ingest: "/k", otlp: "/k/otlp", loki: "/k/loki", tag: "k" },
      words: { what: "k", line: "k line", sources: "ks", file: () => "k" },
      clickhouse: { orderBy: "(ts, id)", shardBy: "rand()" },
      retentionDays: () => 1,
    });
    const line = (k: string, ts: string): Entry => ({ k, ts, level: "info", message: "" });
    const spans = sourceSpans(kind, [
      line("a", "2026-11-27T10:00:02Z"),
      line("b", "2026-11-27T10:00:05Z"),
      line("a", "2026-11-27T10:00:01Z"),
      line("a", "2026-11-27T12:00:03+02:00"),
    ]);
    expect(spans.keys).toEqual([["a", "a", "b", "b"]]);
    expect(spans.ts).toEqual([
      "2026-11-27T10:00:01Z",
      "2026-11-27T12:00:03+02:00",
      "2026-11-27T10:00:05Z",
      "2026-11-27T10:00:05Z",
    ]);
  });
});
