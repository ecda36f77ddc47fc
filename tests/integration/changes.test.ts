// Change events through the real handlers: idempotent posts, 400s naming the field, the feed's filters,
// a tenant's view of its own releases, and a deploy during a freeze landing in the incident's timeline
// while the IC watches it live.
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, sessionCookie, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import { sseReader } from "../support/sse";
import type { Change } from "@/lib/changes/contract";
import { GET as incidentEvents } from "@/app/api/v1/incidents/[id]/events/route";

withTestDb();

let pipeline = { token: "" };
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const change = (over: Record<string, unknown> = {}) => ({
  external_id: `ci-${Math.random().toString(36).slice(2)}`,
  kind: "deploy",
  service: "scheduler",
  regions: ["us-east"],
  summary: "scheduler 2026.11.27 with bin-packing fix",
  ref: "v2026.11.27",
  url: "https://ci.example/runs/1",
  actor: "ci-bot",
  status: "started",
  started_at: new Date().toISOString(),
  ...over,
});
const post = (body: unknown) =>
  call<{ change: Change; created: boolean } & ApiErrorBody>("POST", "/api/v1/changes", { as: pipeline, body });
const list = (qs: string) =>
  call<{ changes: Change[]; next_cursor: string | null }>("GET", `/api/v1/changes?${qs}`, { as: USERS.oncall });

beforeAll(async () => {
  pipeline = { token: (await mintToken(USERS.admin, { name: "ci", scopes: ["changes:write"] })).secret };
});

describe("posting changes", () => {
  it("records a change once and updates its status and finish time on a later post", async () => {
    const body = change({ external_id: "ci-idempotent-1" });
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(true);
    const finished = new Date().toISOString();
    const again = await post({ ...body, status: "succeeded", finished_at: finished });
    expect(again.body.created).toBe(false);
    expect(again.body.change).toMatchObject({ id: first.body.change.id, status: "succeeded", finished_at: finished });
    expect(
      (await list("service=scheduler&from=1h")).body.changes.filter((c) => c.external_id === "ci-idempotent-1"),
    ).toHaveLength(1);
  });

  it("refuses to turn one change into another: same external_id, other service", async () => {
    const body = change({ external_id: "ci-identity-1" });
    await post(body);
    const res = await post({ ...body, service: "edge", regions: ["eu-west"] });
    expect(res.status).toBe(409);
    expect(res.body.error.details?.fields?.map((f) => f.field)).toEqual(["body.service", "body.regions"]);
  });

  it.each([
    [{ kind: "yolo" }, "body.kind"],
    [{ url: "javascript:alert(1)" }, "body.url"],
    [{ started_at: "yesterday" }, "body.started_at"],
    [{ finished_at: hourAgo() }, "body.finished_at"],
    [{ org_id: "no-such-org" }, "body.org_id"],
    [{ regions: ["EU West"] }, "body.regions.0"],
    [{ deployed_by: "me" }, "body.deployed_by"],
  ])("answers %j with a 400 naming %s", async (over, field) => {
    const res = await post(change(over));
    expect(res.status).toBe(400);
    expect(res.body.error.details?.fields?.map((f) => f.field)).toContain(field);
  });
});

describe("the change feed", () => {
  beforeAll(async () => {
    const t = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    await post(
      change({ external_id: "feed-edge-eu", service: "edge", regions: ["eu-west"], kind: "config", started_at: t(50) }),
    );
    await post(change({ external_id: "feed-edge-all", service: "edge", regions: [], kind: "flag", started_at: t(40) }));
    await post(
      change({
        external_id: "feed-agent-ap",
        service: "agent",
        regions: ["ap-south"],
        kind: "maintenance",
        started_at: t(30),
      }),
    );
    await post(
      change({
        external_id: "feed-old",
        service: "edge",
        regions: ["eu-west"],
        started_at: t(3 * 60),
        finished_at: t(3 * 60 - 5),
        status: "succeeded",
        backfill: true,
      }),
    );
    await post(
      change({
        external_id: "feed-acme-release",
        service: "web",
        regions: ["eu-west"],
        org_id: "acme",
        app_id: "web",
        env_id: "production",
        summary: "release v42 of web",
        started_at: t(20),
      }),
    );
    await post(
      change({
        external_id: "feed-globex-release",
        service: "shop",
        regions: ["eu-west"],
        org_id: "globex",
        summary: "release v7 of shop",
        started_at: t(20),
      }),
    );
  });

  const ids = (cs: Change[]) => cs.map((c) => c.external_id).filter((id) => id.startsWith("feed-"));

  it("filters by service, region (a change naming no region touches all), kind and time, newest first", async () => {
    expect(ids((await list("service=edge&from=2h")).body.changes)).toEqual(["feed-edge-all", "feed-edge-eu"]);
    expect(ids((await list("service=edge&region=ap-south&from=2h")).body.changes)).toEqual(["feed-edge-all"]);
    expect(ids((await list("kind=maintenance&from=2h")).body.changes)).toEqual(["feed-agent-ap"]);
    expect(ids((await list("service=edge&from=4h")).body.changes)).toEqual([
      "feed-edge-all",
      "feed-edge-eu",
      "feed-old",
    ]);
    expect(ids((await list("org=acme&from=2h")).body.changes)).toEqual(["feed-acme-release"]);
  });

  it("pages with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { changes: Change[]; next_cursor: string | null } } = await list(
        `from=4h&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...res.body.changes.map((c) => c.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(6);
  });

  it("shows a tenant only the changes that carry its org", async () => {
    const acme = await call<{ changes: Change[] }>("GET", "/api/v1/orgs/acme/changes?from=4h", { as: USERS.acme });
    expect(acme.body.changes.map((c) => c.external_id)).toEqual(["feed-acme-release"]);
    expect((await call("GET", "/api/v1/orgs/globex/changes?from=4h", { as: USERS.acme })).status).toBe(403);
    expect((await call("GET", "/api/v1/changes?from=4h", { as: USERS.acme })).status).toBe(403);
  });
});

describe("the deploy freeze", () => {
  it("flags a deploy during a freeze and writes it into the incident's timeline, live", async () => {
    const declared = await call<{ incident: { id: string; ref: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "edge freeze test", severity: "sev1", services: ["edge"], regions: ["eu-west"] },
    });
    const id = declared.body.incident.id;
    const res = await incidentEvents(
      new Request(`http://console.test/api/v1/incidents/${id}/events`, {
        headers: { cookie: await sessionCookie(USERS.ic) },
      }),
      { params: Promise.resolve({ id }) },
    );
    const viewer = sseReader(res);
    await viewer.until((e) => e.some((x) => x.event === "ready"));

    const sent = Date.now();
    const bad = await post(
      change({
        external_id: "freeze-bad",
        service: "edge",
        regions: ["eu-west"],
        kind: "config",
        summary: "edge TLS ciphers v3",
      }),
    );
    expect(bad.body.change.freeze_violation).toBe(true);
    expect(bad.body.change.freeze_incidents).toContain(id);
    const events = await viewer.until(
      (e) => e.some((x) => x.event === "entry" && (x.data as { kind: string }).kind === "freeze_violation"),
      1000,
    );
    const entry = events.find((x) => x.event === "entry" && (x.data as { kind: string }).kind === "freeze_violation")!;
    expect(entry.at - sent).toBeLessThan(1000);
    expect((entry.data as { body: string; data: { external_id: string } }).data.external_id).toBe("freeze-bad");
    expect((entry.data as { body: string }).body).toContain(
      "Config change of edge to eu-west during the deploy freeze",
    );

    // Not covered, not a deploy, a marked backfill that started before the freeze began, or excepted by the IC: no violation.
    expect((await post(change({ service: "edge", regions: ["us-east"] }))).body.change.freeze_violation).toBe(false);
    expect(
      (
        await post(
          change({
            service: "edge",
            regions: ["eu-west"],
            started_at: new Date(sent - 6 * 3_600_000).toISOString(),
            backfill: true,
          }),
        )
      ).body.change.freeze_violation,
    ).toBe(false);
    expect(
      (await post(change({ service: "edge", regions: ["eu-west"], kind: "rollback" }))).body.change.freeze_violation,
    ).toBe(false);
    // (The demo's SEV1 freezes edge in eu-west too; its IC excepts the fix there as well.)
    for (const inc of bad.body.change.freeze_incidents)
      expect(
        (
          await call("POST", `/api/v1/incidents/${inc}/freeze-exceptions`, {
            as: USERS.ic,
            body: { service: "edge", reason: "the fix" },
          })
        ).status,
      ).toBe(201);
    expect((await post(change({ service: "edge", regions: ["eu-west"] }))).body.change.freeze_violation).toBe(false);
    // A later post of the flagged change does not write the entry twice.
    await post(
      change({
        external_id: "freeze-bad",
        service: "edge",
        regions: ["eu-west"],
        kind: "config",
        summary: "edge TLS ciphers v3",
        status: "succeeded",
        started_at: bad.body.change.started_at,
      }),
    );
    const timeline = await call<{ entries: { kind: string }[] }>("GET", `/api/v1/incidents/${id}/timeline`, {
      as: USERS.ic,
    });
    expect(timeline.body.entries.filter((e) => e.kind === "freeze_violation")).toHaveLength(1);
    await viewer.close();
  });
});

describe("times a client chooses", () => {
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

  it("refuses a start further back than CHANGE_MAX_BACKDATE_MINUTES, or in the future, unless it is a marked backfill", async () => {
    const old = await post(change({ external_id: "backdated-2001", started_at: "2001-09-09T01:46:40Z" }));
    expect(old.status).toBe(400);
    expect(old.body.error.details?.fields?.[0]).toMatchObject({
      field: "body.started_at",
      message: expect.stringContaining("more than 60 minutes before"),
    });
    expect(
      (await post(change({ external_id: "future", started_at: new Date(Date.now() + 3_600_000).toISOString() })))
        .status,
    ).toBe(400);
    const marked = await post(
      change({
        external_id: "imported-2001",
        started_at: "2001-09-09T01:46:40Z",
        finished_at: "2001-09-09T02:00:00Z",
        status: "succeeded",
        backfill: true,
      }),
    );
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.change.backfill).toBe(true);
  });

  it("flags a deploy posted during a freeze whatever start it claims, judged at its arrival", async () => {
    const inc = await call<{ incident: { id: string } }>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "storage freeze for backdating", severity: "sev1", services: ["storage"], regions: ["ap-south"] },
    });
    // Claims to have started 30 minutes ago, before the declaration: it arrived during the freeze.
    const sneaky = await post(
      change({ external_id: "backdated-deploy", service: "storage", regions: ["ap-south"], started_at: ago(30) }),
    );
    expect(sneaky.status, sneaky.text).toBe(200);
    expect(sneaky.body.change).toMatchObject({ freeze_violation: true, freeze_incidents: [inc.body.incident.id] });
    const timeline = await call<{ entries: { kind: string; data: { external_id?: string } }[] }>(
      "GET",
      `/api/v1/incidents/${inc.body.incident.id}/timeline`,
      { as: USERS.ic },
    );
    expect(
      timeline.body.entries.some((e) => e.kind === "freeze_violation" && e.data.external_id === "backdated-deploy"),
    ).toBe(true);
  });

  it("judges a later post of a change at its first arrival, so a deploy that began before a freeze stays clean", async () => {
    const first = await post(change({ external_id: "before-freeze", service: "overlay", regions: ["us-east"] }));
    expect(first.body.change.freeze_violation).toBe(false);
    await call("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "overlay freeze", severity: "sev1", services: ["overlay"], regions: ["us-east"] },
    });
    const finished = await post(
      change({
        external_id: "before-freeze",
        service: "overlay",
        regions: ["us-east"],
        started_at: first.body.change.started_at,
        status: "succeeded",
        finished_at: new Date().toISOString(),
      }),
    );
    expect(finished.body.change.freeze_violation).toBe(false);
  });
});
