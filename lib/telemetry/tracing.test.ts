import { describe, expect, it } from "vitest";
import { dbStatement } from "./tracing";

describe("a database statement's span name", () => {
  it("names the statement's kind and its own first table, never a subquery's or a placeholder", () => {
    expect(dbStatement("postgres", 'select "id" from "incidents" where "id" = $1').name).toBe("db select incidents");
    expect(dbStatement("postgres", 'insert into "alerts" ("id") values ($1)').name).toBe("db insert alerts");
    expect(dbStatement("postgres", "select count(*) from (select 1 from alerts where x) behind").name).toBe(
      "db select",
    );
    expect(dbStatement("postgres", "select a.x from (select 1 as x) a join follow_ups f on true").name).toBe(
      "db select follow_ups",
    );
  });
});
