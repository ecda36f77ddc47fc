// One truth for customers and for deploys: a change that moves what /status shows of a published incident
// comes with a customer update (or the IC's reason, on the timeline); an incident never published resolves
// without one; public states follow measured impact and start when impact began, in UTC. Services come from
// the catalog and can be edited, and the deploy freeze follows them. An incident whose alerts still fire is
// resolved only when the IC confirms it.
import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import type { PublicStatus } from "@/lib/status/contract";

withTestDb();

type Res = { incident: Incident } & ApiErrorBody;
async function declare(body: Record<string, unknown>) {
  const res = await call<Res>("POST", "/api/v1/incidents", {
    as: USERS.ic,
    body: { title: "Edge connect failures in eu-west", severity: "sev1", regions: ["eu-west"], ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.incident;
}
const patch = (id: string, body: Record<string, unknown>) =>
  call<Res>("PATCH", `/api/v1/incidents/${id}`, { as: USERS.ic, body });
const customerUpdate = (id: string, body: string, data: Record<string, unknown> = {}) =>
  call("POST", `/api/v1/incidents/${id}/timeline`, {
    as: USERS.ic,
    body: { kind: "status_update", body, data: { audience: "customer", ...data } },
  });
const timeline = async (id: string) =>
  (await call<{ entries: TimelineEntry[] }>("GET", `/api/v1/incidents/${id}/timeline`, { as: USERS.ic })).body.entries;
const onStatus = async (ref: string) =>
  (await call<PublicStatus>("GET", "/api/v1/status", {})).body.incidents.find((i) => i.id === ref);
const frozenBy = async (service: string) =>
  (
    await call<{ reasons: { ref: string }[] }>("GET", `/api/v1/deploy-freeze?service=${service}`, { as: USERS.ic })
  ).body.reasons.map((r) => r.ref);

describe("what customers see", () => {
  it("states measured impact (96.8 % is degraded, not an outage) from when impact began, in UTC", async () => {
    const impact = new Date(Date.now() - 9 * 60_000).toISOString();
    const inc = await declare({ services: ["edge"], impact_started_at: impact });
    const cu = await customerUpdate(inc.id, "Some connections to the edge in eu-west fail.", { success_rate: 96.8 });
    expect(cu.status, cu.text).toBe(201);
    const pub = await onStatus(inc.ref);
    expect(pub).toMatchObject({ state: "degraded", started_at: new Date(impact).toISOString() });
    const atom = (await call("GET", "/api/v1/status/feed", {})).text;
    expect(atom).toContain("Edge incident in eu-west — Degraded performance");
    expect(atom).toMatch(/Degraded performance since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it("takes a success rate only with the customer update that tells it", async () => {
    const inc = await declare({ services: ["edge"] });
    await customerUpdate(inc.id, "Some connections to the edge in eu-west fail.", { success_rate: 99 });
    const alone = await patch(inc.id, { severity: "sev0", success_rate: 40 });
    expect(alone.status).toBe(400);
    expect(alone.body.error.details!.fields!.map((f) => f.field)).toContain("body.success_rate");
    // Measured at 99 %, a SEV0 still reads degraded to customers: nothing they were told moves.
    expect((await patch(inc.id, { severity: "sev0" })).status).toBe(200);
    expect((await onStatus(inc.ref))!.state).toBe("degraded");
    // Telling 40 % moves it, and says so.
    const told = await patch(inc.id, {
      status: "identified",
      customer_update: "Most connections fail.",
      success_rate: 40,
    });
    expect(told.status, told.text).toBe(200);
    expect((await onStatus(inc.ref))!.state).toBe("major_outage");
  });

  it("asks for a customer update when reopening a published incident, or records why not", async () => {
    const inc = await declare({ services: ["edge"] });
    await customerUpdate(inc.id, "Connections to the edge in eu-west fail.");
    expect(
      (await patch(inc.id, { status: "resolved", customer_update: "Resolved and operating normally." })).status,
    ).toBe(200);
    expect((await onStatus(inc.ref))!.state).toBe("operational");

    const bare = await patch(inc.id, { status: "investigating" });
    expect(bare.status).toBe(409);
    expect(bare.body.error.details!.fields![0]).toMatchObject({ field: "body.customer_update" });
    expect(bare.body.error.message).toContain("from Operational to Partial outage");
    expect((await onStatus(inc.ref))!.resolved_at).not.toBeNull(); // nothing changed

    const told = await patch(inc.id, {
      status: "investigating",
      customer_update: "The issue has returned; we are investigating again.",
    });
    expect(told.status, told.text).toBe(200);
    const pub = (await onStatus(inc.ref))!;
    expect(pub.state).toBe("partial_outage");
    expect(pub.updates[0]).toMatchObject({
      body: "The issue has returned; we are investigating again.",
      state: "partial_outage",
    });

    // Skipping is allowed with a reason, and the reason is on the timeline.
    expect((await patch(inc.id, { status: "resolved", customer_update: "Resolved again." })).status).toBe(200);
    const skipped = await patch(inc.id, {
      status: "investigating",
      customer_update_skipped: "reopened only to attach the postmortem evidence",
    });
    expect(skipped.status, skipped.text).toBe(200);
    const last = (await timeline(inc.id)).filter((e) => e.kind === "status_change").at(-1)!;
    expect(last.body).toContain("without a customer update: reopened only to attach the postmortem evidence");
    expect(last.data.customer_update_skipped).toBe("reopened only to attach the postmortem evidence");
  });

  it("resolves an unpublished SEV1 without a closing customer update, and /status never shows it", async () => {
    const inc = await declare({ services: ["scheduler"] });
    expect(await onStatus(inc.ref)).toBeUndefined();
    const res = await patch(inc.id, { status: "resolved" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.incident.status).toBe("resolved");
    expect(await onStatus(inc.ref)).toBeUndefined();
    expect((await timeline(inc.id)).some((e) => e.kind === "status_update")).toBe(false);
  });
});

describe("services from the catalog", () => {
  it("refuses a typo with the catalog's services, naming the field", async () => {
    const res = await call<ApiErrorBody>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "Scheduler stuck", severity: "sev1", services: ["schedular"] },
    });
    expect(res.status).toBe(400);
    const field = res.body.error.details!.fields![0]!;
    expect(field.field).toBe("body.services.0");
    expect(field.message).toContain("scheduler");
    expect(field.message).toContain("control-plane");
  });

  it("edits an incident's services on the timeline, and the deploy freeze follows", async () => {
    const inc = await declare({ title: "Scheduler stuck", services: ["edge"] });
    expect(await frozenBy("edge")).toContain(inc.ref);
    expect(await frozenBy("scheduler")).not.toContain(inc.ref);
    const typo = await patch(inc.id, { services: ["schedular"] });
    expect(typo.status).toBe(400);
    expect(typo.body.error.details!.fields![0]!.field).toBe("body.services.0");
    const res = await patch(inc.id, { services: ["scheduler"] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.incident.services).toEqual(["scheduler"]);
    expect(await frozenBy("scheduler")).toContain(inc.ref);
    expect(await frozenBy("edge")).not.toContain(inc.ref);
    const entry = (await timeline(inc.id)).find((e) => e.kind === "field_change")!;
    expect(entry.body).toContain("Services edge → scheduler");
    expect(entry.body).toContain("Moves the deploy freeze from edge in eu-west to scheduler in eu-west");
    // Resolve it so that it freezes nothing for the tests after this one.
    expect((await patch(inc.id, { status: "resolved" })).status).toBe(200);
  });
});

describe("resolving while alerts fire", () => {
  it("is refused naming the alerts, until the IC confirms it", async () => {
    const inc = await declare({ severity: "sev2", services: ["edge"] });
    const am = (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret;
    const now = Date.now();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: { token: am },
      body: {
        receiver: "ops-console",
        status: "firing",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "EdgeConnectBurn5m", severity: "page", region: "eu-west", service: "edge" },
            annotations: { summary: "5-minute burn 17x" },
            startsAt: new Date(now - 60_000).toISOString(),
            endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://127.0.0.1:9090/graph",
            fingerprint: "truth-burn",
          },
        ],
        groupLabels: { alertname: "EdgeConnectBurn5m" },
        commonLabels: {},
        commonAnnotations: {},
        externalURL: "http://127.0.0.1:9093",
        version: "4",
        groupKey: "{}:{alertname=EdgeConnectBurn5m}",
        truncatedAlerts: 0,
      },
    });
    const alert = (
      await call<{ alerts: { id: string; fingerprint: string }[] }>("GET", "/api/v1/alerts?limit=500", {
        as: USERS.oncall,
      })
    ).body.alerts.find((a) => a.fingerprint === "truth-burn")!;
    const att = await call("POST", `/api/v1/alerts/${alert.id}/attach`, {
      as: USERS.oncall,
      body: { incident_id: inc.ref },
    });
    expect(att.status, att.text).toBe(200);

    const refused = await patch(inc.id, { status: "resolved" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details!.fields![0]).toMatchObject({ field: "body.confirm_firing" });
    expect(refused.body.error.message).toMatch(/EdgeConnectBurn5m \(\w+, firing\)/);
    expect((await call<Res>("GET", `/api/v1/incidents/${inc.id}`, { as: USERS.ic })).body.incident.status).toBe(
      "investigating",
    );

    const confirmed = await patch(inc.id, { status: "resolved", confirm_firing: true });
    expect(confirmed.status, confirmed.text).toBe(200);
    const entry = (await timeline(inc.id)).find((e) => e.kind === "status_change")!;
    expect(entry.body).toMatch(/Resolved while alerts still fire: EdgeConnectBurn5m \(\w+, firing\)/);
  });
});
