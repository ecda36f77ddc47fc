// Changing the schedule safely: a preview first, a new version that takes effect from its save (the past
// stays as it was), one person on two layers only when confirmed, and warnings during a Sev0/Sev1.
import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { auditEvents, call, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { ShiftView } from "@/lib/oncall/contract";

withTestDb();

type OnCall = { on_call: ShiftView[]; next: (ShiftView & { time_zone: string })[] };
type Warning = { code: string; message: string; field?: string; layer?: string };
type Preview = {
  preview: {
    now: { layer: string; before: { id: string } | null; after: { id: string } | null }[];
    shifts: (ShiftView & { changed: boolean })[];
    warnings: Warning[];
  };
};
const DAY = 86_400_000;
const layer = (l: string, people: string[], rotation = "daily") => ({
  layer: l,
  rotation,
  start_date: "2026-01-05",
  handoff_time: "09:00",
  time_zone: "UTC",
  people,
});
const primaryNow = async () =>
  (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.oncall })).body.on_call.find((s) => s.layer === "primary")!
    .user.id;
/** Yesterday and today up to `to`: a window wholly before a save made after `to`. */
const upTo = (to: number) =>
  `from=${encodeURIComponent(new Date(Math.floor(to / DAY) * DAY - DAY).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;

describe("saving a schedule", () => {
  it("never redraws the shifts before the save", async () => {
    const window = upTo(Date.now());
    const shifts = async (qs: string) =>
      (await call<{ shifts: ShiftView[] }>("GET", `/api/v1/oncall/shifts?${qs}`, { as: USERS.oncall })).body.shifts;
    const before = await shifts(window);
    expect(before.length).toBeGreaterThan(0);
    const holder = await primaryNow();
    const other = holder === USERS.ic ? USERS.admin : USERS.ic;
    const put = await call<{ schedule: { created_at: string } }>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers: [layer("primary", [other]), layer("secondary", [holder], "weekly")] },
    });
    expect(put.status, put.text).toBe(200);
    expect(await primaryNow()).toBe(other);
    // Yesterday and today up to the save read as they did: every layer, every person, every edge.
    expect(await shifts(window)).toEqual(before);
    // From the save on, the new version holds: the current primary shift was cut at the save.
    const saved = Date.parse(put.body.schedule.created_at);
    const around = (await shifts(upTo(saved + 60_000))).filter((s) => s.layer === "primary");
    expect(around.at(-2)).toMatchObject({ user: { id: holder }, end: new Date(saved).toISOString() });
    expect(around.at(-1)).toMatchObject({ user: { id: other }, start: new Date(saved).toISOString() });
  });

  it("refuses one person on two layers at the same time, naming the layer, until confirmed", async () => {
    const layers = [layer("primary", [USERS.admin]), layer("secondary", [USERS.admin])];
    const refused = await call<ApiErrorBody>("PUT", "/api/v1/oncall/schedule", { as: USERS.admin, body: { layers } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toMatchObject({ fields: [{ field: "body.layers[1].people" }] });
    expect(refused.body.error.message).toContain("Ada Admin is on primary and secondary at the same time");
    const preview = await call<Preview>("POST", "/api/v1/oncall/schedule/preview", {
      as: USERS.admin,
      body: { layers },
    });
    expect(preview.body.preview.warnings.find((w) => w.code === "same_person")).toMatchObject({
      field: "body.layers[1].people",
    });
    const ok = await call<{ warnings: Warning[] }>("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers, confirm: true },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.warnings.map((w) => w.code)).toContain("same_person");
    const event = (await auditEvents("oncall.schedule_update"))[0]!; // newest first
    expect(event.details.warnings).toContain("same_person");
  });

  it("previews now and two weeks, and warns when the current holder changes during an open SEV1", async () => {
    const holder = await primaryNow();
    const other = holder === USERS.ic ? USERS.oncall : USERS.ic;
    const inc = await call<{ incident: { ref: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "checkout errors while the rota changes", severity: "sev1" },
    });
    expect(inc.status, inc.text).toBe(201);
    const layers = [layer("primary", [other]), layer("secondary", [holder])];
    const version = async () =>
      (await call<{ schedule: { version: number } }>("GET", "/api/v1/oncall/schedule", { as: USERS.oncall })).body
        .schedule.version;
    const v = await version();
    const res = await call<Preview>("POST", "/api/v1/oncall/schedule/preview", { as: USERS.admin, body: { layers } });
    expect(res.status, res.text).toBe(200);
    const p = res.body.preview;
    expect(await version()).toBe(v); // a preview saves nothing
    expect(p.now.find((h) => h.layer === "primary")).toMatchObject({ before: { id: holder }, after: { id: other } });
    const primary = p.shifts.filter((s) => s.layer === "primary");
    expect(primary[0]).toMatchObject({ user: { id: other }, changed: true });
    expect(Date.parse(primary.at(-1)!.end) - Date.parse(primary[0]!.start)).toBeGreaterThanOrEqual(14 * DAY - 60_000);
    expect(p.warnings.find((w) => w.code === "holder_changes" && w.layer === "primary")).toBeDefined();
    expect(p.warnings.find((w) => w.code === "major_incident")!.message).toContain(`${inc.body.incident.ref} (SEV1)`);
  });

  it("says who takes each layer over next, when, and in which zone", async () => {
    await call("PUT", "/api/v1/oncall/schedule", {
      as: USERS.admin,
      body: { layers: [{ ...layer("primary", [USERS.oncall, USERS.ic]), time_zone: "Europe/Berlin" }] },
    });
    const r = (await call<OnCall>("GET", "/api/v1/oncall", { as: USERS.oncall })).body;
    const now = r.on_call[0]!;
    expect(r.next).toEqual([expect.objectContaining({ layer: "primary", start: now.end, time_zone: "Europe/Berlin" })]);
    expect(r.next[0]!.user.id).not.toBe(now.user.id);
  });
});
