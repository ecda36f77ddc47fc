import { describe, expect, it } from "vitest";
import { catalogGaps, checkCatalog, ownerOf, type CatalogRefs } from "./rules";

const entry = (service: string, team: string) => ({ service, team, runbooks: [], dashboards: [], slos: [] });
const refs: CatalogRefs = {
  services: ["edge", "overlay", "storage"],
  teams: ["platform", "edge"],
  runbooks: ["edge-connect-failures"],
  dashboards: ["edge"],
  slos: ["edge-connect"],
};

describe("ownerOf", () => {
  const entries = [entry("edge", "edge")];
  it("answers the catalog's owning team", () => {
    expect(ownerOf("edge", entries)).toMatchObject({ team: "edge", gap: false });
  });
  it("sends a service without an owner, or no service, to the platform team as a gap", () => {
    expect(ownerOf("storage", entries)).toEqual({ team: "platform", gap: true, entry: null });
    expect(ownerOf(null, entries)).toEqual({ team: "platform", gap: true, entry: null });
    expect(ownerOf("edge", [])).toMatchObject({ team: "platform", gap: true });
  });
});

describe("catalogGaps", () => {
  it("lists the services with no entry, in the services' order", () => {
    expect(catalogGaps(refs.services, [entry("overlay", "edge")])).toEqual(["edge", "storage"]);
    expect(
      catalogGaps(
        refs.services,
        refs.services.map((s) => entry(s, "platform")),
      ),
    ).toEqual([]);
  });
});

describe("checkCatalog", () => {
  it("accepts references that exist and reads the escalation policy", () => {
    const ok = checkCatalog(
      [
        {
          ...entry("edge", "edge"),
          runbooks: ["edge-connect-failures"],
          dashboards: ["edge"],
          slos: ["edge-connect"],
          escalation_policy: { critical: { ack_within_s: 120, escalate_after_s: 600 } },
        },
      ],
      refs,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.entries[0]!.escalation_policy).toEqual({ critical: { ack_within_s: 120, escalate_after_s: 600 } });
  });

  it("names each unknown or repeated reference by its field", () => {
    const { problems } = checkCatalog(
      [
        entry("edge", "edge"),
        entry("edge", "nobody"),
        { ...entry("warp-drive", "edge"), slos: ["edge-connect", "nine-nines"] },
        { ...entry("storage", "platform"), runbooks: ["edge-connect-failures", "edge-connect-failures"] },
        { ...entry("overlay", "edge"), dashboards: ["nope"], escalation_policy: { urgent: {} } },
      ],
      refs,
    );
    expect(problems.map((p) => p.field)).toEqual([
      "body.entries[1].service",
      "body.entries[1].team",
      "body.entries[2].service",
      "body.entries[2].slos[1]",
      "body.entries[3].runbooks[1]",
      "body.entries[4].dashboards[0]",
      "body.entries[4].escalation_policy",
      "body.entries[4].escalation_policy",
    ]);
    expect(problems[0]!.message).toBe("'edge' is listed twice");
    expect(problems[1]!.message).toBe("no team 'nobody' (teams: platform, edge)");
  });
});
