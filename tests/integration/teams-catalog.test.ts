// Teams with their own rotations, and the service catalog that says which team owns each service: admins
// add and edit them (audited), every on-call route takes a team and keeps it apart from the platform's,
// the catalog refuses what does not exist and lists the services nobody owns.
import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { ShiftView } from "@/lib/oncall/contract";

withTestDb();

type Team = { id: string; name: string; time_zone: string; on_call: ShiftView[]; next_primary: ShiftView | null };
type OnCall = { team: string; schedule_version: number | null; on_call: ShiftView[] };
type Entry = { service: string; team: string; runbooks: string[]; dashboards: string[]; slos: string[] };
type Catalog = { catalog: { version: number; entries: Entry[]; gaps: string[]; created_by: string } };
const hour = 3_600_000;
const fields = (r: { body: ApiErrorBody }) => r.body.error.details?.fields?.map((f) => f.field);
const layer = (l: string, people: string[]) => ({
  layer: l,
  rotation: "weekly",
  start_date: "2026-01-05",
  handoff_time: "09:00",
  time_zone: "UTC",
  people,
});

describe("teams", () => {
  it("lists every team with who is on call now, the platform's shadow included", async () => {
    const res = await call<{ teams: Team[] }>("GET", "/api/v1/teams", { as: USERS.oncall });
    expect(res.status, res.text).toBe(200);
    expect(res.body.teams.map((t) => t.id)).toEqual(["platform", "data", "edge"]);
    const platform = res.body.teams.find((t) => t.id === "platform")!;
    expect(platform.on_call.map((s) => s.layer)).toEqual(["primary", "secondary", "tertiary", "shadow"]);
    expect(platform.next_primary).not.toBeNull();
    expect(res.body.teams.find((t) => t.id === "edge")!.name).toBe("Edge & networking");
  });

  it("lets an admin add and edit a team, audited, and refuses bad input naming the field", async () => {
    const made = await call<{ team: Team }>("POST", "/api/v1/teams", {
      as: USERS.admin,
      body: { id: "billing", name: "Billing", time_zone: "Europe/Paris", work_start_hour: 8, work_end_hour: 18 },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.team).toMatchObject({ id: "billing", time_zone: "Europe/Paris" });
    expect((await auditEvents("team.create"))[0]!.details).toMatchObject({ team: "billing" });
    const again = await call<ApiErrorBody>("POST", "/api/v1/teams", {
      as: USERS.admin,
      body: { id: "billing", name: "Billing again" },
    });
    expect(again.status).toBe(409);

    const bad = async (body: object) => call<ApiErrorBody>("POST", "/api/v1/teams", { as: USERS.admin, body });
    expect(fields(await bad({ id: "Not A Slug", name: "x" }))).toEqual(["body.id"]);
    expect(fields(await bad({ id: "mars", name: "Mars", time_zone: "Mars/Olympus" }))).toEqual(["body.time_zone"]);
    expect(fields(await bad({ id: "late", name: "Late", work_start_hour: 18, work_end_hour: 9 }))).toEqual([
      "body.work_end_hour",
    ]);
    expect(fields(await bad({ id: "long", name: "Long", work_end_hour: 25 }))).toEqual(["body.work_end_hour"]);

    const renamed = await call<{ team: Team }>("PATCH", "/api/v1/teams/billing", {
      as: USERS.admin,
      body: { name: "Billing & payments", work_start_hour: 7 },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.team).toMatchObject({ name: "Billing & payments", time_zone: "Europe/Paris" });
    expect((await auditEvents("team.update"))[0]!.details).toMatchObject({ team: "billing" });
    // The hours are judged with what the team has: an end before the kept start is refused.
    const before = await call<ApiErrorBody>("PATCH", "/api/v1/teams/billing", {
      as: USERS.admin,
      body: { work_end_hour: 6 },
    });
    expect(fields(before)).toEqual(["body.work_end_hour"]);
    expect((await call("PATCH", "/api/v1/teams/nobody", { as: USERS.admin, body: { name: "x" } })).status).toBe(404);
  });

  it("is changed by admins only", async () => {
    const post = await call<ApiErrorBody>("POST", "/api/v1/teams", {
      as: USERS.oncall,
      body: { id: "rogue", name: "Rogue" },
    });
    expect(post.status).toBe(403);
    expect((await call("PATCH", "/api/v1/teams/edge", { as: USERS.oncall, body: { name: "x" } })).status).toBe(403);
    expect((await call("PUT", "/api/v1/catalog", { as: USERS.ic, body: { entries: [] } })).status).toBe(403);
    expect((await call("GET", "/api/v1/catalog", { as: USERS.acme })).status).toBe(403);
  });
});

describe("per-team rotations", () => {
  it("keeps a team's schedule, versions and overrides apart from the platform's", async () => {
    await call("POST", "/api/v1/teams", { as: USERS.admin, body: { id: "mobile", name: "Mobile" } });
    const platformBefore = (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.oncall })).body;
    expect((await call<OnCall>("GET", "/api/v1/oncall?team=mobile", { as: USERS.oncall })).body).toMatchObject({
      team: "mobile",
      schedule_version: null,
      on_call: [],
    });
    const put = await call<{ schedule: { team: string; version: number } }>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { team: "mobile", layers: [layer("primary", [USERS.ic])] },
    });
    expect(put.status, put.text).toBe(200);
    // Versions count per team: the mobile team's first is 1, whatever the platform's are.
    expect(put.body.schedule).toMatchObject({ team: "mobile", version: 1 });
    expect((await auditEvents("oncall.schedule_update"))[0]!.details).toMatchObject({ team: "mobile", version: 1 });
    const mobile = await call<OnCall>("GET", "/api/v1/oncall?team=mobile", { as: USERS.oncall });
    expect(mobile.body.on_call.map((s) => [s.layer, s.user.id])).toEqual([["primary", USERS.ic]]);
    const schedule = await call<{ schedule: { version: number } }>("GET", "/api/v1/oncall/schedule?team=mobile", {
      as: USERS.oncall,
    });
    expect(schedule.body.schedule.version).toBe(1);

    // An override of the mobile primary leaves the platform's primary as it was.
    const o = await call<{ override: { id: string; team: string } }>("POST", "/api/v1/oncall/overrides", {
      as: USERS.oncall,
      body: {
        team: "mobile",
        layer: "primary",
        user_id: USERS.oncall,
        start: new Date().toISOString(),
        end: new Date(Date.now() + hour).toISOString(),
      },
    });
    expect(o.status, o.text).toBe(201);
    expect(o.body.override.team).toBe("mobile");
    const now = await call<OnCall>("GET", "/api/v1/oncall?team=mobile", { as: USERS.oncall });
    expect(now.body.on_call[0]!.user.id).toBe(USERS.oncall);
    expect((await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.oncall })).body.on_call).toEqual(
      platformBefore.on_call,
    );
    const from = encodeURIComponent(new Date(Date.now() - hour).toISOString());
    const to = encodeURIComponent(new Date(Date.now() + 2 * hour).toISOString());
    const platformWeek = await call<{ overrides: { id: string }[] }>(
      "GET",
      `/api/v1/oncall/shifts?from=${from}&to=${to}`,
      { as: USERS.oncall },
    );
    expect(platformWeek.body.overrides.map((x) => x.id)).not.toContain(o.body.override.id);
    const mobileWeek = await call<{ overrides: { id: string }[] }>(
      "GET",
      `/api/v1/oncall/shifts?from=${from}&to=${to}&team=mobile`,
      { as: USERS.oncall },
    );
    expect(mobileWeek.body.overrides.map((x) => x.id)).toEqual([o.body.override.id]);
    // Cancelled within its team only.
    const id = o.body.override.id;
    expect((await call("DELETE", `/api/v1/oncall/overrides/${id}`, { as: USERS.oncall })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/oncall/overrides/${id}?team=mobile`, { as: USERS.oncall })).status).toBe(200);
  });

  it("refuses an unknown team naming the field, with the teams there are", async () => {
    const get = await call<ApiErrorBody>("GET", "/api/v1/oncall?team=nope", { as: USERS.oncall });
    expect(get.status).toBe(400);
    expect(fields(get)).toEqual(["query.team"]);
    expect(get.body.error.message).toContain("data, edge");
    const put = await call<ApiErrorBody>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { team: "nope", layers: [layer("primary", [USERS.ic])] },
    });
    expect(fields(put)).toEqual(["body.team"]);
    const override = await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
      as: USERS.oncall,
      body: {
        team: "nope",
        layer: "shadow",
        user_id: USERS.ic,
        start: new Date().toISOString(),
        end: new Date(Date.now() + hour).toISOString(),
      },
    });
    expect(fields(override)).toEqual(["body.team"]);
  });

  it("takes a shadow layer, warns when the shadow is the primary and refuses to save it", async () => {
    const layers = [layer("primary", [USERS.ic]), layer("shadow", [USERS.ic])];
    const preview = await call<{ preview: { warnings: { code: string; field: string; message: string }[] } }>(
      "POST",
      "/api/v1/oncall/schedule/preview",
      { as: USERS.admin, body: { team: "edge", layers } },
    );
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.preview.warnings.find((w) => w.code === "shadow_self")).toMatchObject({
      field: "body.layers[1].people",
      message: expect.stringContaining("Ian Commander would shadow themselves"),
    });
    const refused = await call<ApiErrorBody>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { team: "edge", layers, confirm: true },
    });
    expect(refused.status).toBe(400);
    expect(fields(refused)).toEqual(["body.layers[1].people"]);
    // Someone else shadows: saved, and the shadow is on call.
    const ok = await call("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { team: "edge", layers: [layer("primary", [USERS.ic]), layer("shadow", [USERS.oncall])] },
    });
    expect(ok.status, ok.text).toBe(200);
    const edge = await call<OnCall>("GET", "/api/v1/oncall?team=edge", { as: USERS.oncall });
    expect(edge.body.on_call.map((s) => [s.layer, s.user.id])).toEqual([
      ["primary", USERS.ic],
      ["shadow", USERS.oncall],
    ]);
  });
});

describe("the service catalog", () => {
  it("shows the demo's owners with no gaps, and saves a new version with a gap, audited", async () => {
    const cur = await call<Catalog>("GET", "/api/v1/catalog", { as: USERS.oncall });
    expect(cur.status, cur.text).toBe(200);
    expect(cur.body.catalog.gaps).toEqual([]);
    const owner = (s: string) => cur.body.catalog.entries.find((e) => e.service === s)?.team;
    expect([owner("edge"), owner("overlay"), owner("postgres"), owner("storage"), owner("agent")]).toEqual([
      "edge",
      "edge",
      "data",
      "data",
      "platform",
    ]);
    const entries = cur.body.catalog.entries.filter((e) => e.service !== "agent");
    const put = await call<Catalog>("PUT", "/api/v1/catalog", { as: USERS.admin, body: { entries } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.catalog).toMatchObject({ version: cur.body.catalog.version + 1, gaps: ["agent"] });
    expect(put.body.catalog.created_by).toBe(USERS.admin);
    expect((await call<Catalog>("GET", "/api/v1/catalog", { as: USERS.ic })).body.catalog.gaps).toEqual(["agent"]);
    expect((await auditEvents("catalog.update"))[0]!.details).toMatchObject({ gaps: ["agent"] });
    const versions = await call<{ versions: { version: number }[] }>("GET", "/api/v1/catalog/versions", {
      as: USERS.oncall,
    });
    expect(versions.body.versions.map((v) => v.version).slice(0, 2)).toEqual([
      cur.body.catalog.version + 1,
      cur.body.catalog.version,
    ]);
  });

  it("refuses what does not exist, naming each field, and saves nothing", async () => {
    const before = (await call<Catalog>("GET", "/api/v1/catalog", { as: USERS.admin })).body.catalog.version;
    const entry = { service: "edge", team: "edge", runbooks: [], dashboards: [], slos: [] };
    const res = await call<ApiErrorBody>("PUT", "/api/v1/catalog", {
      as: USERS.admin,
      body: {
        entries: [
          entry,
          { ...entry, team: "ghosts" },
          { ...entry, service: "teleporter" },
          { ...entry, service: "storage", runbooks: ["volume-attach-failures", "no-such-runbook"] },
          { ...entry, service: "postgres", dashboards: ["nope"], slos: ["api-availability", "nine-nines"] },
          { ...entry, service: "agent", escalation_policy: { critical: { ack_within_s: "soon" } } },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([
      "body.entries[1].service",
      "body.entries[1].team",
      "body.entries[2].service",
      "body.entries[3].runbooks[1]",
      "body.entries[4].dashboards[0]",
      "body.entries[4].slos[1]",
      "body.entries[5].escalation_policy",
    ]);
    expect((await call<Catalog>("GET", "/api/v1/catalog", { as: USERS.admin })).body.catalog.version).toBe(before);
    // A valid policy is kept.
    const ok = await call<Catalog & { catalog: { entries: (Entry & { escalation_policy?: object })[] } }>(
      "PUT",
      "/api/v1/catalog",
      {
        as: USERS.admin,
        body: { entries: [{ ...entry, escalation_policy: { high: { ack_within_s: 600, escalate_after_s: 1800 } } }] },
      },
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.catalog.entries[0]!.escalation_policy).toEqual({
      high: { ack_within_s: 600, escalate_after_s: 1800 },
    });
  });
});
