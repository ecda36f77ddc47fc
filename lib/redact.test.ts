import { describe, expect, it } from "vitest";
import { parseRedactPatterns, redactLine, redactText, redactValue, type Counts } from "./redact";
import { LOOKALIKES, SECRET_CORPUS } from "@/tests/support/secrets";

describe("redactText", () => {
  it.each(SECRET_CORPUS)("%j", (input, output, name) => {
    const counts: Counts = new Map();
    expect(redactText(input, counts)).toBe(output);
    expect(counts.get(name)).toBeGreaterThan(0);
  });

  it.each(LOOKALIKES)("leaves %j alone", (line) => {
    const counts: Counts = new Map();
    expect(redactText(line, counts)).toBe(line);
    expect(counts.size).toBe(0);
  });

  it("never redacts a mark again", () => {
    const counts: Counts = new Map();
    const once = redactText(
      "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U password=x",
      counts,
    );
    expect(redactText(once, new Map())).toBe(once);
    expect(once).toBe("Bearer [REDACTED:jwt] password=[REDACTED:password]");
  });

  it("applies extra patterns from the configuration", () => {
    const { patterns, problems } = parseRedactPatterns(
      JSON.stringify([{ name: "ssn", pattern: "\\b\\d{3}-\\d{2}-\\d{4}\\b" }]),
    );
    expect(problems).toEqual([]);
    const counts: Counts = new Map();
    expect(redactText("customer 123-45-6789 called", counts, patterns)).toBe("customer [REDACTED:ssn] called");
    expect(counts.get("ssn")).toBe(1);
  });

  it("says what is wrong with a bad pattern list", () => {
    expect(parseRedactPatterns("not json").problems[0]).toMatch(/must be JSON/);
    expect(parseRedactPatterns('[{"name":"Bad Name","pattern":"x"}]').problems[0]).toMatch(/name/);
    expect(parseRedactPatterns('[{"name":"x","pattern":"("}]').problems[0]).toMatch(/not a regular expression/);
  });
});

describe("redactValue and redactLine", () => {
  it("removes values under a secret's name whole, and secrets inside any value", () => {
    const counts: Counts = new Map();
    expect(
      redactValue(
        {
          "db.password": "x",
          "http.request.header.authorization": "Basic abc",
          "http.request.header.cookie": "sid=1",
          nested: { token_count: "5", api_key: "k", url: "https://u:p@h/" },
        },
        counts,
      ),
    ).toEqual({
      "db.password": "[REDACTED:password]",
      "http.request.header.authorization": "[REDACTED:authorization]",
      "http.request.header.cookie": "[REDACTED:cookie]",
      nested: { token_count: "5", api_key: "[REDACTED:api_key]", url: "https://u:[REDACTED:url_password]@h/" },
    });
    const line = redactLine({ message: "AKIAIOSFODNN7EXAMPLE", attrs: null }, counts);
    expect(line.message).toBe("[REDACTED:aws_access_key]");
    expect(Object.fromEntries(counts)).toMatchObject({
      password: 1,
      authorization: 1,
      cookie: 1,
      api_key: 1,
      url_password: 1,
      aws_access_key: 1,
    });
  });
});
