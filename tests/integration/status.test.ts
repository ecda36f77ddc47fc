// Incident communications: status updates with an audience, the public status (JSON and Atom) that shows
// only customer updates — never internal entries, names, internal titles or severities — and the
// customer-update cadence with its reminder to the IC.
import http from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import type { PublicStatus } from "@/lib/status/contract";
import { remindCustomerUpdates } from "@/lib/escalation";

withTestDb();

afterEach(() => {
  delete process.env.STATUS_UPDATE_CADENCE;
});

const MARKER = `internal-${Math.random().toString(36).slice(2)}`;
async function declare(title: string, severity = "sev1", services = ["edge"], regions = ["eu-west"]) {
  const res = await call<{ incident: Incident }>("POST", "/api/v1/incidents", { as: USERS.ic, body: { title, severity, services, regions } });
  expect(res.status, res.text).toBe(201);
  return res.body.incident;
}
const post = (id: string, body: Record<string, unknown>) => call<{ entry: TimelineEntry } & ApiErrorBody>("POST", `/api/v1/incidents/${id}/timeline`, { as: USERS.ic, body });
const status = async () => {
  const res = await call<PublicStatus>("GET", "/api/v1/status", {});
  expect(res.status).toBe(200);
  return { body: res.body, text: res.text };
};
const feed = async () => (await call("GET", "/api/v1/status/feed", {})).text;

describe("status updates", () => {
  it("need an audience and a body", async () => {
    const inc = await declare("Edge TLS failures for acme's checkout");
    const bad = await post(inc.id, { kind: "status_update", body: "x", data: { audience: "everyone" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ fields: [{ field: "body.data.audience" }] });
    expect((await post(inc.id, { kind: "status_update", body: " ", data: { audience: "customer" } })).body.error.details).toMatchObject({ fields: [{ field: "body.body" }] });
  });
});

describe("the public status", () => {
  it("shows customer updates to anyone, and never internal entries, names, internal titles or severities", async () => {
    const inc = await declare(`Acme checkout broken by ${MARKER}`);
    expect((await status()).body.incidents.find((i) => i.id === inc.ref)).toBeUndefined(); // not published yet
    await post(inc.id, { kind: "note", body: `root cause suspected in ${MARKER}` });
    await post(inc.id, { kind: "status_update", body: `stakeholders: ${MARKER} is being rolled back`, data: { audience: "internal" } });
    const cu = await post(inc.id, { kind: "status_update", body: "Some connections to the edge in eu-west fail. We are rolling back a change.", data: { audience: "customer" } });
    expect(cu.status, cu.text).toBe(201);
    const { body, text } = await status();
    const pub = body.incidents.find((i) => i.id === inc.ref)!;
    expect(pub).toMatchObject({ title: "Edge incident in eu-west", state: "major_outage", services: ["edge"], regions: ["eu-west"] });
    expect(pub.updates.map((u) => u.body)).toEqual(["Some connections to the edge in eu-west fail. We are rolling back a change."]);
    expect(body.components.find((c) => c.id === "edge")!.regions).toEqual([
      { region: "us-east", state: "operational" },
      { region: "eu-west", state: "major_outage" },
      { region: "ap-south", state: "operational" },
    ]);
    const atom = await feed();
    expect(atom).toContain("<title>Edge incident in eu-west — Major outage</title>");
    for (const secret of [MARKER, "Ian Commander", "ic@demo.local", "sev1", "SEV1", "acme"]) {
      expect(text, secret).not.toContain(secret);
      expect(atom, secret).not.toContain(secret);
    }
  });

  it("shows a corrected customer update as its correction, and a resolution with its closing update", async () => {
    const inc = await declare("Volume attach failures", "sev1", ["storage"], ["us-east"]);
    const first = await post(inc.id, { kind: "status_update", body: "Volume attach is slow in us-esat.", data: { audience: "customer" } });
    await post(inc.id, { kind: "status_update", body: "Volume attach is slow in us-east.", data: { audience: "customer" }, corrects: first.body.entry.id });
    expect((await status()).body.incidents.find((i) => i.id === inc.ref)!.updates.map((u) => u.body)).toEqual(["Volume attach is slow in us-east."]);
    const resolved = await call<{ incident: Incident }>("PATCH", `/api/v1/incidents/${inc.id}`, { as: USERS.ic, body: { status: "resolved", customer_update: "Volume attach is back to normal." } });
    expect(resolved.status, resolved.text).toBe(200);
    const pub = (await status()).body.incidents.find((i) => i.id === inc.ref)!;
    expect(pub.resolved_at).not.toBeNull();
    expect(pub.updates.map((u) => [u.body, u.state])).toEqual([["Volume attach is back to normal.", "operational"], ["Volume attach is slow in us-east.", "major_outage"]]);
    expect((await status()).body.components.find((c) => c.id === "storage")!.state).toBe("operational");
  });
});

describe("the customer update cadence", () => {
  let server: http.Server | undefined;
  afterAll(() => server?.close());

  it("reminds the IC once when an update is overdue, in the timeline and by their contact", async () => {
    const got: unknown[] = [];
    server = http.createServer((req, res) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => (got.push(JSON.parse(b)), res.writeHead(200).end()));
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    await call("PUT", "/api/v1/me/contact", { as: USERS.ic, body: { webhook_url: `http://127.0.0.1:${(server.address() as { port: number }).port}/ic` } });
    process.env.STATUS_UPDATE_CADENCE = "sev0=1,sev1=1";
    const inc = await declare("Scheduler stuck", "sev1", ["scheduler"], []);
    expect(inc.customer_update_every_minutes).toBe(1);
    await remindCustomerUpdates("https://console.test", Date.now() + 30_000); // not due yet
    await Promise.all([remindCustomerUpdates("https://console.test", Date.now() + 61_000), remindCustomerUpdates("https://console.test", Date.now() + 61_000)]);
    const timeline = async () => (await call<{ entries: TimelineEntry[] }>("GET", `/api/v1/incidents/${inc.id}/timeline`, { as: USERS.ic })).body.entries;
    const reminders = (await timeline()).filter((e) => e.kind === "update_reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain("SEV1: every 1 min");
    expect(got.filter((g) => (g as { incident?: { ref: string } }).incident?.ref === inc.ref)).toHaveLength(1);
    // A customer update resets the clock: nothing more is due until a minute after it.
    await post(inc.id, { kind: "status_update", body: "The scheduler is placing new microVMs slowly.", data: { audience: "customer" } });
    await remindCustomerUpdates("https://console.test", Date.now() + 30_000);
    expect((await timeline()).filter((e) => e.kind === "update_reminder")).toHaveLength(1);
  });
});
