import { describe, expect, it } from "vitest";
import { grantsFor, holds, tokenGrants, allScopes } from "./permissions";
import { navFor } from "./pages";
import { SCOPES } from "@/lib/vocabulary";

describe("role grants", () => {
  it("gives tenants logs:read and audit:read on their own orgs only", () => {
    const g = grantsFor("tenant", ["acme"]);
    expect(holds(g, "logs:read", "acme")).toBe(true);
    expect(holds(g, "audit:read", "acme")).toBe(true);
    expect(holds(g, "logs:read", "globex")).toBe(false);
    expect(holds(g, "logs:read")).toBe(false);
    expect(holds(g, "incidents:read")).toBe(false);
    expect(holds(g, "logs:write", "acme")).toBe(false);
  });

  it("gives operators on-call scopes on every org but not admin or log ingest", () => {
    const g = grantsFor("operator", []);
    expect(holds(g, "incidents:write")).toBe(true);
    expect(holds(g, "logs:read", "globex")).toBe(true);
    expect(holds(g, "admin")).toBe(false);
    expect(holds(g, "logs:write")).toBe(false);
  });

  it("gives admins every scope", () => {
    expect(allScopes(grantsFor("admin", []))).toEqual([...SCOPES]);
  });
});

describe("token grants", () => {
  it("bind an org token to that org only", () => {
    const g = tokenGrants(grantsFor("operator", []), ["logs:read"], "acme");
    expect(holds(g, "logs:read", "acme")).toBe(true);
    expect(holds(g, "logs:read", "globex")).toBe(false);
    expect(holds(g, "logs:read")).toBe(false);
  });

  it("never exceed what the creator holds now", () => {
    const demoted = grantsFor("tenant", ["acme"]);
    const g = tokenGrants(demoted, ["incidents:write", "logs:read"], null);
    expect(allScopes(g)).toEqual([]);
    const orgToken = tokenGrants(demoted, ["logs:read", "admin"], "acme");
    expect(allScopes(orgToken)).toEqual(["logs:read"]);
  });
});

describe("navigation", () => {
  it("shows tenants their org pages and not the platform audit log", () => {
    const labels = navFor(grantsFor("tenant", ["acme"]), [{ id: "acme", name: "Acme Corp" }]).map((n) => n.href);
    expect(labels).toEqual(["/", "/orgs/acme/logs", "/orgs/acme/envs", "/orgs/acme/audit", "/tokens"]);
    expect(labels).not.toContain("/platform/events");
  });

  it("shows operators the platform audit log", () => {
    const hrefs = navFor(grantsFor("operator", []), []).map((n) => n.href);
    expect(hrefs).toContain("/audit");
    expect(hrefs).toContain("/orgs");
    expect(hrefs).toContain("/platform/events");
    expect(hrefs.some((h) => h.startsWith("/orgs/"))).toBe(false);
  });
});
