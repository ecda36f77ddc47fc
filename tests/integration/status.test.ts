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
import { remindCustomerUpdates } from "@/lib/escalation/reminders";
import { SaxesParser } from "saxes";
import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";

withTestDb();

afterEach(() => {
  delete process.env.STATUS_UPDATE_CADENCE;
  delete process.env.PUBLIC_RATE_PER_MINUTE;
});

const MARKER = `internal-${Math.random().toString(36).slice(2)}`;
async function declare(title: string, severity = "sev1", services = ["edge"], regions = ["eu-west"]) {
  const res = await call<{ incident: Incident }>("POST", "/api/v1/incidents", {
    as: USERS.ic,
    body: { title, severity, services, regions },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.incident;
}
const post = (id: string, body: Record<string, unknown>) =>
  call<{ entry: TimelineEntry } & ApiErrorBody>("POST", `/api/v1/incidents/${id}/timeline`, { as: USERS.ic, body });
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
    expect(
      (await post(inc.id, { kind: "status_update", body: " ", data: { audience: "customer" } })).body.error.details,
    ).toMatchObject({ fields: [{ field: "body.body" }] });
  });
});

describe("the public status", () => {
  it("shows customer updates to anyone, and never internal entries, names, internal titles or severities", async () => {
    const inc = await declare(`Acme checkout broken by ${MARKER}`);
    expect((await status()).body.incidents.find((i) => i.id === inc.ref)).toBeUndefined(); // not published yet
    await post(inc.id, { kind: "note", body: `root cause suspected in ${MARKER}` });
    await post(inc.id, {
      kind: "status_update",
      body: `stakeholders: ${MARKER} is being rolled back`,
      data: { audience: "internal" },
    });
    const cu = await post(inc.id, {
      kind: "status_update",
      body: "Some connections to the edge in eu-west fail. We are rolling back a change.",
      data: { audience: "customer" },
    });
    expect(cu.status, cu.text).toBe(201);
    const { body, text } = await status();
    const pub = body.incidents.find((i) => i.id === inc.ref)!;
    expect(pub).toMatchObject({
      title: "Edge incident in eu-west",
      state: "partial_outage", // a SEV1 with no measured impact
      services: ["edge"],
      regions: ["eu-west"],
    });
    expect(pub.updates.map((u) => u.body)).toEqual([
      "Some connections to the edge in eu-west fail. We are rolling back a change.",
    ]);
    expect(body.components.find((c) => c.id === "edge")!.regions).toEqual([
      { region: "us-east", state: "operational" },
      { region: "eu-west", state: "partial_outage" },
      { region: "ap-south", state: "operational" },
    ]);
    const atom = await feed();
    expect(atom).toContain("<title>Edge incident in eu-west — Partial outage</title>");
    for (const secret of [MARKER, "Ian Commander", "ic@demo.local", "sev1", "SEV1", "acme"]) {
      expect(text, secret).not.toContain(secret);
      expect(atom, secret).not.toContain(secret);
    }
  });

  it("shows a corrected customer update as its correction, and a resolution with its closing update", async () => {
    const inc = await declare("Volume attach failures", "sev1", ["storage"], ["us-east"]);
    const first = await post(inc.id, {
      kind: "status_update",
      body: "Volume attach is slow in us-esat.",
      data: { audience: "customer" },
    });
    await post(inc.id, {
      kind: "status_update",
      body: "Volume attach is slow in us-east.",
      data: { audience: "customer" },
      corrects: first.body.entry.id,
    });
    expect((await status()).body.incidents.find((i) => i.id === inc.ref)!.updates.map((u) => u.body)).toEqual([
      "Volume attach is slow in us-east.",
    ]);
    const resolved = await call<{ incident: Incident }>("PATCH", `/api/v1/incidents/${inc.id}`, {
      as: USERS.ic,
      body: { status: "resolved", customer_update: "Volume attach is back to normal." },
    });
    expect(resolved.status, resolved.text).toBe(200);
    const pub = (await status()).body.incidents.find((i) => i.id === inc.ref)!;
    expect(pub.resolved_at).not.toBeNull();
    expect(pub.updates.map((u) => [u.body, u.state])).toEqual([
      ["Volume attach is back to normal.", "operational"],
      ["Volume attach is slow in us-east.", "partial_outage"],
    ]);
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
    await call("PUT", "/api/v1/me/contact", {
      as: USERS.ic,
      body: { webhook_url: `http://127.0.0.1:${(server.address() as { port: number }).port}/ic` },
    });
    process.env.STATUS_UPDATE_CADENCE = "sev0=1,sev1=1";
    const inc = await declare("Scheduler stuck", "sev1", ["scheduler"], []);
    expect(inc.customer_update_every_minutes).toBe(1);
    await remindCustomerUpdates("https://console.test", Date.now() + 30_000); // not due yet
    await Promise.all([
      remindCustomerUpdates("https://console.test", Date.now() + 61_000),
      remindCustomerUpdates("https://console.test", Date.now() + 61_000),
    ]);
    const timeline = async () =>
      (await call<{ entries: TimelineEntry[] }>("GET", `/api/v1/incidents/${inc.id}/timeline`, { as: USERS.ic })).body
        .entries;
    const reminders = (await timeline()).filter((e) => e.kind === "update_reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain("SEV1: every 1 min");
    expect(got.filter((g) => (g as { incident?: { ref: string } }).incident?.ref === inc.ref)).toHaveLength(1);
    // A customer update resets the clock: nothing more is due until a minute after it.
    await post(inc.id, {
      kind: "status_update",
      body: "The scheduler is placing new microVMs slowly.",
      data: { audience: "customer" },
    });
    await remindCustomerUpdates("https://console.test", Date.now() + 30_000);
    expect((await timeline()).filter((e) => e.kind === "update_reminder")).toHaveLength(1);
  });
});

describe("what the public may read", () => {
  it("takes services only from the catalog and regions only from the configured ones: free text is a 400 naming it", async () => {
    const bad = await call<ApiErrorBody>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "billing db", severity: "sev3", services: ["globex-billing-db 10.20.3.4"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.fields?.[0]).toMatchObject({
      field: "body.services.0",
      message: expect.stringContaining("control-plane, scheduler"),
    });
    const region = await call<ApiErrorBody>("POST", "/api/v1/incidents", {
      as: USERS.ic,
      body: { title: "billing db", severity: "sev3", regions: ["rack 7"] },
    });
    expect(region.body.error.details?.fields?.[0]?.field).toBe("body.regions.0");
    const inc = await declare("typo test", "sev3", ["scheduler"], []);
    const edit = await call<ApiErrorBody>("PATCH", `/api/v1/incidents/${inc.id}`, {
      as: USERS.ic,
      body: { services: ["schedular"] },
    });
    expect(edit.status).toBe(400);
  });

  it("never publishes text that is not the catalog's or a customer update's, even from incidents recorded before the rule", async () => {
    const inc = await declare("legacy free text", "sev2", ["storage"], ["us-east"]);
    await db().execute(
      sql`update incidents set services = array['storage', 'globex-billing-db 10.20.3.4'], regions = array['us-east', 'rack 7 (10.0.0.0/8)'] where id = ${inc.id}`,
    );
    await post(inc.id, { kind: "status_update", body: "Volume attach is slow.", data: { audience: "customer" } });
    const { text, body } = await status();
    expect(body.incidents.find((i) => i.id === inc.ref)).toMatchObject({
      title: "Storage incident in us-east",
      services: ["storage"],
      regions: ["us-east"],
    });
    expect(text).not.toMatch(/globex|10\.20\.3\.4|rack 7/);
    expect(await feed()).not.toMatch(/globex|10\.20\.3\.4|rack 7/);
  });

  it("withdraws a customer update an internal note corrects, on the page, the API and the feed", async () => {
    const inc = await declare("wrong public text", "sev2", ["edge"], ["us-east"]);
    const wrong = await post(inc.id, {
      kind: "status_update",
      body: "Globex's database is down.",
      data: { audience: "customer" },
    });
    await post(inc.id, {
      kind: "status_update",
      body: "Some edge connections in us-east fail.",
      data: { audience: "customer" },
    });
    await post(inc.id, { kind: "note", body: "that update named a tenant; withdrawn", corrects: wrong.body.entry.id });
    const pub = (await status()).body.incidents.find((i) => i.id === inc.ref)!;
    expect(pub.updates.map((u) => u.body)).toEqual(["Some edge connections in us-east fail."]);
    expect(await feed()).not.toContain("Globex's database");
  });

  it("keeps the feed well-formed XML whatever characters an update holds", async () => {
    const inc = await declare("control characters", "sev3", ["agent"], []);
    const every = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
      .filter((c) => c !== "\u0000")
      .join("");
    const res = await post(inc.id, {
      kind: "status_update",
      body: `controls:${every}:end \uFFFE <b>&amp;</b>`,
      data: { audience: "customer" },
    });
    expect(res.status, res.text).toBe(201);
    const atom = await feed();
    const errors: string[] = [];
    const parser = new SaxesParser();
    let content = "";
    parser.on("error", (e) => errors.push(e.message));
    parser.on("text", (t) => (content += t));
    parser.write(atom).close();
    expect(errors).toEqual([]);
    expect(content).toContain(":end  <b>&amp;</b>"); // U+FFFE removed, markup kept as text
    expect(content).toMatch(/controls:\t\n\n?:end/); // tab and newlines kept (XML reads CR as a newline), the rest removed
  });

  it("limits each address on the public API and feed (429 with Retry-After), and lets them be cached for a few seconds", async () => {
    process.env.PUBLIC_RATE_PER_MINUTE = "3";
    const from = { "x-forwarded-for": "203.0.113.77" };
    const first = await call("GET", "/api/v1/status", { headers: from });
    expect(first.headers.get("cache-control")).toBe("public, max-age=5");
    expect((await call("GET", "/api/v1/status/feed", { headers: from })).status).toBe(200);
    expect((await call("GET", "/api/v1/status", { headers: from })).status).toBe(200);
    const fourth = await call<ApiErrorBody>("GET", "/api/v1/status", { headers: from });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not held up by the first.
    expect((await call("GET", "/api/v1/status", { headers: { "x-forwarded-for": "203.0.113.78" } })).status).toBe(200);
  });
});
