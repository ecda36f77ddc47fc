import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { ShiftView } from "@/lib/oncall/contract";

withTestDb();

type OnCall = { at: string; schedule_version: number | null; on_call: ShiftView[] };
const who = (r: OnCall) => Object.fromEntries(r.on_call.map((s) => [s.layer, s.user.id]));
const hour = 3_600_000;

describe("who is on call", () => {
  it("answers each layer of the demo rotation at a time, changing at 09:00 UTC", async () => {
    // 2026-11-27 is day 326 after the rotation's start (2026-01-05): primary alternates daily, secondary weekly.
    const friday = await call<OnCall>("GET", "/api/v1/oncall?at=2026-11-27T12:00:00Z", { as: USERS.oncall });
    expect(friday.status).toBe(200);
    expect(who(friday.body)).toEqual({
      primary: USERS.oncall,
      secondary: USERS.ic,
      tertiary: USERS.admin,
      shadow: USERS.admin,
    });
    expect(friday.body.on_call[0]).toMatchObject({
      user: { name: "Olivia Oncall" },
      start: "2026-11-27T09:00:00.000Z",
      end: "2026-11-28T09:00:00.000Z",
      override_id: null,
    });
    const early = await call<OnCall>("GET", "/api/v1/oncall?at=2026-11-27T08:59:00Z", { as: USERS.oncall });
    expect(who(early.body).primary).toBe(USERS.ic);
    expect(
      (await call<ApiErrorBody>("GET", "/api/v1/oncall?at=tomorrow", { as: USERS.oncall })).body.error.details,
    ).toMatchObject({ fields: [{ field: "query.at" }] });
  });

  it("lets an operator take a shift with an override, shows it cut into the week, and cancels it — audited", async () => {
    // "Now" from a form is a moment ago: taken as now. (Earlier than five minutes is refused: see hardening.)
    const asked = new Date(Date.now() - 60_000).toISOString();
    const end = new Date(Date.now() + 2 * hour).toISOString();
    const now = (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.oncall })).body;
    const taker = now.on_call.find((s) => s.layer === "primary")!.user.id === USERS.ic ? USERS.oncall : USERS.ic;
    const added = await call<{ override: { id: string; user: { id: string }; start: string } }>(
      "POST",
      "/api/v1/oncall/overrides",
      {
        as: USERS.oncall,
        body: { layer: "primary", user_id: taker, start: asked, end, reason: "swap for a dentist appointment" },
      },
    );
    expect(added.status, added.text).toBe(201);
    const start = added.body.override.start;
    expect(Date.parse(start)).toBeGreaterThan(Date.parse(asked));
    const id = added.body.override.id;
    const during = (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.ic })).body;
    expect(during.on_call.find((s) => s.layer === "primary")).toMatchObject({ user: { id: taker }, override_id: id });
    const week = await call<{ shifts: ShiftView[]; overrides: { id: string; reason: string }[] }>(
      "GET",
      `/api/v1/oncall/shifts?from=${encodeURIComponent(new Date(Date.now() - 12 * hour).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 12 * hour).toISOString())}`,
      { as: USERS.oncall },
    );
    const primary = week.body.shifts.filter((s) => s.layer === "primary");
    expect(primary.find((s) => s.override_id === id)).toMatchObject({ start, end });
    expect(week.body.overrides.map((o) => o.reason)).toContain("swap for a dentist appointment");
    expect((await call("DELETE", `/api/v1/oncall/overrides/${id}`, { as: USERS.ic })).status).toBe(200);
    expect((await call("DELETE", `/api/v1/oncall/overrides/${id}`, { as: USERS.ic })).status).toBe(404);
    expect(
      (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.ic })).body.on_call.find((s) => s.layer === "primary")!
        .override_id,
    ).toBeNull();
    const events = await auditEvents();
    expect(
      events.filter((e) => e.action === "oncall.override" && e.outcome === "allowed").at(-1)!.details,
    ).toMatchObject({ override_id: id, user_id: taker });
    expect(events.some((e) => e.action === "oncall.override_cancel" && e.target === id)).toBe(true);
  });

  it("refuses an override for someone who cannot respond, backwards, or over", async () => {
    const t = (h: number) => new Date(Date.now() + h * hour).toISOString();
    const tenant = await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
      as: USERS.oncall,
      body: { layer: "primary", user_id: USERS.acme, start: t(0), end: t(1) },
    });
    expect(tenant.status).toBe(400);
    expect(tenant.body.error.details).toMatchObject({ fields: [{ field: "body.user_id" }] });
    expect(
      (
        await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
          as: USERS.oncall,
          body: { layer: "primary", user_id: USERS.ic, start: t(2), end: t(1) },
        })
      ).body.error.details,
    ).toMatchObject({ fields: [{ field: "body.end" }] });
    expect(
      (
        await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
          as: USERS.oncall,
          body: { layer: "primary", user_id: USERS.ic, start: t(-3), end: t(-2) },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
          as: USERS.oncall,
          body: { layer: "quaternary", user_id: USERS.ic, start: t(0), end: t(1) },
        })
      ).status,
    ).toBe(400);
  });
});

describe("the schedule", () => {
  it("is replaced by admins only, as a new version, with every problem named", async () => {
    const layers = [
      {
        layer: "primary",
        rotation: "weekly",
        start_date: "2026-11-23",
        handoff_time: "10:00",
        time_zone: "Europe/Berlin",
        people: [USERS.ic, USERS.oncall],
      },
    ];
    expect((await call("PUT", "/api/v1/oncall/schedule", { as: USERS.oncall, body: { layers } })).status).toBe(403);
    const bad = await call<ApiErrorBody>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers: [{ ...layers[0], time_zone: "Mars/Olympus" }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ fields: [{ field: "body.layers[0].time_zone" }] });
    const tenant = await call<ApiErrorBody>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers: [{ ...layers[0], people: [USERS.acme] }] },
    });
    expect(tenant.body.error.details).toMatchObject({ fields: [{ field: "body.layers[0].people" }] });
    const before = (
      await call<{ schedule: { version: number } }>("GET", "/api/v1/oncall/schedule", { as: USERS.oncall })
    ).body.schedule.version;
    const lastMonday = (await call<OnCall>("GET", "/api/v1/oncall?at=2026-11-30T09:00:00Z", { as: USERS.oncall })).body;
    const put = await call<{ schedule: { version: number } }>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers },
    });
    expect(put.body.schedule.version).toBe(before + 1);
    // Monday 2026-12-07 10:00 Berlin (09:00 UTC) hands the week on: the third week is the first person's again.
    expect(
      who((await call<OnCall>("GET", "/api/v1/oncall?at=2026-12-07T08:59:00Z", { as: USERS.oncall })).body),
    ).toEqual({ primary: USERS.oncall });
    expect(
      who((await call<OnCall>("GET", "/api/v1/oncall?at=2026-12-07T09:00:00Z", { as: USERS.oncall })).body),
    ).toEqual({ primary: USERS.ic });
    // Last Monday is the record: the version in force then still answers for it.
    expect(
      (await call<OnCall>("GET", "/api/v1/oncall?at=2026-11-30T09:00:00Z", { as: USERS.oncall })).body.on_call,
    ).toEqual(lastMonday.on_call);
  });

  it("is not for tenants", async () => {
    for (const path of ["/api/v1/oncall", "/api/v1/oncall/schedule"])
      expect((await call("GET", path, { as: USERS.acme })).status).toBe(403);
  });
});

describe("overrides and the past", () => {
  it("refuses an override that starts in the past: past shifts are the record", async () => {
    const res = await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", {
      as: USERS.oncall,
      body: {
        layer: "primary",
        user_id: USERS.oncall,
        start: new Date(Date.now() - 20 * 86_400_000).toISOString(),
        end: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.[0]?.field).toBe("body.start");
    const past = await call<{ shifts: ShiftView[] }>(
      "GET",
      `/api/v1/oncall/shifts?from=${new Date(Date.now() - 16 * 86_400_000).toISOString()}&to=${new Date(Date.now() - 15 * 86_400_000).toISOString()}`,
      { as: USERS.oncall },
    );
    expect(past.body.shifts.every((s) => s.override_id === null)).toBe(true);
  });

  it("lets only an admin correct the past, with a reason, on the audit record", async () => {
    const body = {
      layer: "secondary",
      user_id: USERS.ic,
      start: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      end: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      correction: true,
    };
    expect(
      (await call("POST", "/api/v1/oncall/overrides", { as: USERS.oncall, body: { ...body, reason: "Ian covered" } }))
        .status,
    ).toBe(403);
    expect(
      (await call<ApiErrorBody>("POST", "/api/v1/oncall/overrides", { as: USERS.admin, body })).body.error.details
        ?.fields?.[0]?.field,
    ).toBe("body.reason");
    const ok = await call<{ override: { id: string; correction?: boolean } }>("POST", "/api/v1/oncall/overrides", {
      as: USERS.admin,
      body: { ...body, reason: "Ian covered the night; the record said Olivia" },
    });
    expect(ok.status, ok.text).toBe(201);
    const event = (await auditEvents("oncall.override")).find((e) => e.details.override_id === ok.body.override.id)!;
    expect(event.details).toMatchObject({ correction: true, reason: "Ian covered the night; the record said Olivia" });
  });
});
