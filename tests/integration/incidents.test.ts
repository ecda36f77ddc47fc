import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, sessionCookie, auditEvents, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { Incident, TimelineEntry } from "@/lib/incidents/contract";
import { sseReader } from "../support/sse";
import { db } from "@/lib/db/client";
import { GET as eventsRoute } from "@/app/api/v1/incidents/[id]/events/route";

withTestDb();

type Inc = Incident;
type Entry = TimelineEntry;
type Err = ApiErrorBody;

async function declare(body: Record<string, unknown>, as: string = USERS.oncall) {
  const res = await call<{ incident: Inc }>("POST", "/api/v1/incidents", {
    as,
    body: { title: "Edge connect failures in eu-west", severity: "sev2", ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.incident;
}
const patch = (id: string, body: Record<string, unknown>, as: string = USERS.oncall) =>
  call<{ incident: Inc } & Err>("PATCH", `/api/v1/incidents/${id}`, { as, body });
const timeline = async (id: string) =>
  (await call<{ entries: Entry[] }>("GET", `/api/v1/incidents/${id}/timeline`, { as: USERS.ic })).body.entries;
const append = (id: string, body: Record<string, unknown>, as: string = USERS.oncall) =>
  call<{ entry: Entry } & Err>("POST", `/api/v1/incidents/${id}/timeline`, { as, body });

const open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

describe("declaring and the IC rule", () => {
  it("makes the declarer the IC of a Sev1 declared without one, and records the declaration", async () => {
    const inc = await declare({ severity: "sev1" });
    expect(inc.ref).toMatch(/^INC-\d+$/);
    expect(inc.commander_id).toBe(USERS.oncall);
    expect(inc.status).toBe("investigating");
    const entries = await timeline(inc.id);
    expect(entries.map((e) => e.kind)).toEqual(["declared"]);
    expect(
      (await call<{ incident: Inc }>("GET", `/api/v1/incidents/${inc.ref}`, { as: USERS.ic })).body.incident.id,
    ).toBe(inc.id);
  });

  it("refuses a commander who cannot run incidents", async () => {
    const res = await call<Err>("POST", "/api/v1/incidents", {
      as: USERS.oncall,
      body: { title: "x y z", severity: "sev1", commander_id: USERS.acme },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details!.fields![0]!.field).toBe("body.commander_id");
  });

  it("makes the actor IC when escalating to Sev0/Sev1 without one, and refuses to clear the IC", async () => {
    const inc = await declare({ severity: "sev3" });
    expect(inc.commander_id).toBeNull();
    const up = await patch(inc.id, { severity: "sev0" }, USERS.ic);
    expect(up.body.incident.commander_id).toBe(USERS.ic);
    const kinds = (await timeline(inc.id)).map((e) => e.kind);
    expect(kinds).toEqual(["declared", "severity_change", "role_change"]);
    const clear = await patch(inc.id, { commander_id: null });
    expect(clear.status).toBe(409);
    expect(clear.body.error.message).toContain("must have an incident commander");
    expect((await patch(inc.id, { commander_id: USERS.oncall })).body.incident.commander_id).toBe(USERS.oncall);
  });
});

describe("lifecycle", () => {
  it("lets only the incident commander edit the summary, and writes the edit to the timeline", async () => {
    const inc = await declare({ severity: "sev1" }); // the declarer (oncall) is the IC
    const other = await patch(inc.id, { summary: "someone else's story" }, USERS.ic);
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain("Only the incident commander");
    expect(other.body.error.details!.fields![0]!.field).toBe("body.summary");
    expect((await timeline(inc.id)).filter((e) => e.kind === "field_change")).toEqual([]);
    // A status change by the same person still goes through: the rule is about the summary only.
    expect((await patch(inc.id, { status: "identified" }, USERS.ic)).status).toBe(200);
    expect((await patch(inc.id, { summary: "TLS config push broke handshakes" })).body.incident.summary).toBe(
      "TLS config push broke handshakes",
    );
    // With no IC (a Sev3), any responder writes it.
    const minor = await declare({ severity: "sev3" });
    expect((await patch(minor.id, { summary: "slow dashboards" }, USERS.ic)).status).toBe(200);
  });

  it("records every change old → new, stamps mitigation and resolution, and refuses invalid moves with 409", async () => {
    const inc = await declare({ severity: "sev1" });
    expect((await patch(inc.id, { status: "identified", summary: "bad config push" })).status).toBe(200);
    const m = await patch(inc.id, { status: "mitigated" });
    expect(m.body.incident.mitigated_at).toBeTruthy();
    const back = await patch(inc.id, { status: "identified" });
    expect(back.status).toBe(409);
    expect(back.body.error.details!.fields![0]!.field).toBe("body.status");
    const r = await patch(inc.id, { status: "resolved" });
    expect(r.body.incident.resolved_at).toBeTruthy();
    const reopened = await patch(inc.id, { status: "investigating" });
    expect(reopened.body.incident.resolved_at).toBeNull();
    const changes = (await timeline(inc.id))
      .filter((e) => e.kind === "status_change")
      .map((e) => `${e.data.from}→${e.data.to}`);
    expect(changes).toEqual([
      "investigating→identified",
      "identified→mitigated",
      "mitigated→resolved",
      "resolved→investigating",
    ]);
    const summary = (await timeline(inc.id)).find((e) => e.kind === "field_change")!;
    expect(summary.data).toEqual({ field: "summary", from: "", to: "bad config push" });
  });

  it("puts the update given with a change, and what it does to the deploy freeze, into that change's entry", async () => {
    const inc = await declare({ severity: "sev1", services: ["edge"], regions: ["eu-west"] });
    expect((await patch(inc.id, { status: "mitigated", note: "rollback complete, errors at baseline" })).status).toBe(
      200,
    );
    const entry = (await timeline(inc.id)).filter((e) => e.kind === "status_change").at(-1)!;
    expect(entry.body).toBe(
      "Status investigating → mitigated. Ends the deploy freeze on edge in eu-west. — rollback complete, errors at baseline",
    );
    expect(entry.data).toMatchObject({
      from: "investigating",
      to: "mitigated",
      freeze: "ends",
      note: "rollback complete, errors at baseline",
    });
    // Resolving a mitigated incident changes nothing about the freeze; reopening starts it again; a note alone is not a change.
    expect((await patch(inc.id, { status: "resolved" })).status).toBe(200);
    expect((await timeline(inc.id)).at(-1)!.body).toBe("Status mitigated → resolved");
    expect((await patch(inc.id, { status: "investigating" })).status).toBe(200);
    expect((await timeline(inc.id)).at(-1)!.body).toBe(
      "Status resolved → investigating. Starts the deploy freeze on edge in eu-west.",
    );
    const alone = await patch(inc.id, { note: "just words" });
    expect(alone.status).toBe(400);
    expect(alone.body.error.message).toContain("a note goes with a change");
  });

  it("gets a follow-up to review each runbook its timeline used when it is resolved, once", async () => {
    const inc = await declare({ severity: "sev2" });
    expect(
      (
        await append(inc.id, {
          kind: "runbook_deviation",
          body: "skipped the canary soak",
          data: { runbook: "edge-connect-failures" },
        })
      ).status,
    ).toBe(201);
    expect((await patch(inc.id, { status: "resolved" })).status).toBe(200);
    const titles = async () =>
      (
        await call<{ follow_ups: { title: string }[] }>("GET", `/api/v1/incidents/${inc.id}/follow-ups`, {
          as: USERS.oncall,
        })
      ).body.follow_ups.map((f) => f.title);
    expect(await titles()).toEqual(["Review runbook edge-connect-failures against what was done"]);
    await patch(inc.id, { status: "investigating" });
    await patch(inc.id, { status: "resolved" });
    expect(await titles()).toEqual(["Review runbook edge-connect-failures against what was done"]);
  });

  it("hands over command with a briefing recorded in the timeline", async () => {
    const inc = await declare({ severity: "sev1" });
    const t = await call<{ incident: Inc }>("POST", `/api/v1/incidents/${inc.id}/takeover`, {
      as: USERS.ic,
      body: { known: "edge nodes in eu-west reject TLS", ruled_out: "DNS", last_customer_update: "status page 10:05" },
    });
    expect(t.status).toBe(200);
    expect(t.body.incident.commander_id).toBe(USERS.ic);
    const last = (await timeline(inc.id)).at(-1)!;
    expect(last.kind).toBe("role_change");
    expect(last.body).toContain("Known: edge nodes in eu-west reject TLS");
    expect(last.body).toContain("Ruled out: DNS");
    expect(
      (await call("POST", `/api/v1/incidents/${inc.id}/takeover`, { as: USERS.ic, body: { known: "x" } })).status,
    ).toBe(409);
    // The declaration and both takeovers (the refused one too) are in the audit log.
    const events = await auditEvents();
    expect(events.filter((e) => e.target === inc.id).map((e) => [e.action, e.outcome, e.actor.id])).toEqual([
      ["incident.takeover", "failure", USERS.ic],
      ["incident.takeover", "allowed", USERS.ic],
    ]);
    expect(events.find((e) => e.action === "incident.declare" && e.details.incident_id === inc.id)).toMatchObject({
      outcome: "allowed",
      actor: { id: USERS.oncall },
    });
  });

  it("answers 404 for an unknown incident", async () => {
    expect((await call("GET", "/api/v1/incidents/inc_nope", { as: USERS.ic })).status).toBe(404);
    expect((await call("GET", "/api/v1/incidents/INC-999999/timeline", { as: USERS.ic })).status).toBe(404);
  });
});

describe("timeline", () => {
  it("orders entries by when they happened, keeps who wrote them, and validates kinds", async () => {
    const inc = await declare({});
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await append(inc.id, { kind: "note", body: "now" });
    await append(inc.id, { kind: "impact", body: "checkout errors since 09:00", occurred_at: past }, USERS.ic);
    const entries = await timeline(inc.id);
    expect(entries.map((e) => e.body)).toEqual([
      "checkout errors since 09:00",
      "Declared SEV2: Edge connect failures in eu-west",
      "now",
    ]);
    expect(entries[0]!.author_id).toBe(USERS.ic);
    const bad = await append(inc.id, { kind: "runbook_deviation", body: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.fields!.map((f) => f.field).sort()).toEqual(["body.body", "body.data.runbook"]);
    expect(
      (await append(inc.id, { kind: "note", body: "x", occurred_at: new Date(Date.now() + 120_000).toISOString() }))
        .status,
    ).toBe(400);
    expect((await append(inc.id, { kind: "status_change", body: "sneaky" })).status).toBe(400);
    expect(
      (await append(inc.id, { kind: "runbook_deviation", body: "skip drain, host gone", data: { runbook: "RB-7" } }))
        .status,
    ).toBe(201);
  });

  it("is append-only: corrections are new entries, edits and deletes are refused", async () => {
    const inc = await declare({});
    const orig = (await append(inc.id, { kind: "decision", body: "roll back release 41" })).body.entry;
    const fix = await append(inc.id, { kind: "decision", body: "roll back release 42", corrects: orig.id });
    expect(fix.status).toBe(201);
    const entries = await timeline(inc.id);
    expect(entries.find((e) => e.id === orig.id)!.corrected_by).toEqual([fix.body.entry.id]);
    expect(entries.find((e) => e.id === fix.body.entry.id)!.corrects).toBe(orig.id);
    for (const m of ["PUT", "PATCH", "DELETE"] as const)
      expect((await call(m, `/api/v1/incidents/${inc.id}/timeline`, { as: USERS.oncall, body: {} })).status).toBe(405);
    await expect(
      db().execute(sql`update timeline_entries set body = 'edited' where id = ${Number(orig.id)}`),
    ).rejects.toThrow();
    await expect(db().execute(sql`delete from timeline_entries where id = ${Number(orig.id)}`)).rejects.toThrow();
    const other = await declare({});
    expect((await append(other.id, { kind: "note", body: "x", corrects: orig.id })).status).toBe(400);
  });

  it("stores 10 writers × 30 concurrent appends once each, in one consistent order", async () => {
    const inc = await declare({ severity: "sev1" });
    const writers = [USERS.oncall, USERS.ic, USERS.admin];
    await Promise.all(
      Array.from({ length: 10 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 30; i++) {
            const res = await append(inc.id, { kind: "note", body: `w${w} #${i}` }, writers[w % 3]);
            expect(res.status).toBe(201);
          }
        })(),
      ),
    );
    const first = (await timeline(inc.id)).filter((e) => e.kind === "note");
    const second = (await timeline(inc.id)).filter((e) => e.kind === "note");
    expect(first).toHaveLength(300);
    expect(new Set(first.map((e) => e.body)).size).toBe(300);
    expect(second.map((e) => e.id)).toEqual(first.map((e) => e.id));
    for (let w = 0; w < 10; w++) {
      const mine = first.filter((e) => e.body.startsWith(`w${w} `)).map((e) => Number(e.body.split("#")[1]));
      expect(mine).toEqual([...Array(30).keys()]);
    }
  }, 30_000);

  it("delivers new entries and changes to a live viewer within a second", async () => {
    const inc = await declare({ severity: "sev1" });
    const res = await eventsRoute(
      new Request(`http://console.test/api/v1/incidents/${inc.id}/events`, {
        headers: { cookie: await sessionCookie(USERS.ic) },
      }),
      { params: Promise.resolve({ id: inc.id }) },
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = sseReader(res);
    open.push(reader);
    await reader.until((e) => e.some((x) => x.event === "ready"));
    const sent = Date.now();
    await append(inc.id, { kind: "action", body: "draining edge-eu-west-3" });
    await patch(inc.id, { status: "identified" });
    // (The stream's first `incident` is the incident as it stood at `ready`: the page reconciles with it.)
    const changed = (x: { event: string; data: unknown }) =>
      x.event === "incident" && (x.data as Inc).status === "identified";
    const events = await reader.until((e) => e.some(changed), 1000);
    const entry = events.find((e) => e.event === "entry" && (e.data as Entry).body === "draining edge-eu-west-3")!;
    expect(entry.at - sent).toBeLessThan(1000);
    expect(events.find(changed)!.at - sent).toBeLessThan(1000);
  });
});

describe("deploy freeze", () => {
  it("freezes during an open Sev0/Sev1 until mitigated, scoped to its services and regions, with IC-only exceptions", async () => {
    const inc = await declare({ severity: "sev1", services: ["edge"], regions: ["eu-west"] });
    const f = async (qs: string) =>
      (
        await call<{ frozen: boolean; reasons: { ref: string }[]; exceptions: { service: string }[] }>(
          "GET",
          `/api/v1/deploy-freeze?${qs}`,
          { as: USERS.ic },
        )
      ).body;
    expect((await f("service=edge&region=eu-west")).reasons.map((r) => r.ref)).toContain(inc.ref);
    expect((await f("service=api&region=eu-west")).reasons.map((r) => r.ref)).not.toContain(inc.ref);
    expect((await f("service=edge&region=us-east")).reasons.map((r) => r.ref)).not.toContain(inc.ref);
    expect((await f("service=edge&region=eu-west")).frozen).toBe(true);

    const notIc = await call<Err>("POST", `/api/v1/incidents/${inc.id}/freeze-exceptions`, {
      as: USERS.ic,
      body: { service: "edge", reason: "TLS fix must ship" },
    });
    expect(notIc.status).toBe(403);
    const ok = await call("POST", `/api/v1/incidents/${inc.id}/freeze-exceptions`, {
      as: USERS.oncall,
      body: { service: "edge", reason: "TLS fix must ship" },
    });
    expect(ok.status).toBe(201);
    const after = await f("service=edge&region=eu-west");
    expect(after.reasons.map((r) => r.ref)).not.toContain(inc.ref);
    expect(after.exceptions.map((e) => e.service)).toContain("edge");
    expect((await timeline(inc.id)).at(-1)!.kind).toBe("freeze_exception");

    await patch(inc.id, { status: "mitigated" });
    expect((await f("")).reasons.map((r) => r.ref)).not.toContain(inc.ref);
    expect(
      (
        await call("POST", `/api/v1/incidents/${inc.id}/freeze-exceptions`, {
          as: USERS.oncall,
          body: { service: "api", reason: "late" },
        })
      ).status,
    ).toBe(409);
  });

  it("is readable with a token, as a deploy pipeline would", async () => {
    const token = (
      await call<{ token: { secret: string } }>("POST", "/api/v1/tokens", {
        as: USERS.oncall,
        body: { name: "pipeline", scopes: ["incidents:read"] },
      })
    ).body.token.secret;
    expect((await call("GET", "/api/v1/deploy-freeze?service=edge", { as: { token } })).status).toBe(200);
  });
});

describe("follow-ups and export", () => {
  it("keeps follow-ups and exports a postmortem skeleton with the whole timeline and corrections", async () => {
    const inc = await declare({ severity: "sev1", summary: "Edge TLS handshakes failed after a config push." });
    const orig = (await append(inc.id, { kind: "impact", body: "5% of eu-west connects failed" })).body.entry;
    await append(inc.id, { kind: "impact", body: "12% of eu-west connects failed", corrects: orig.id });
    const fu = await call<{ follow_up: { id: string } }>("POST", `/api/v1/incidents/${inc.id}/follow-ups`, {
      as: USERS.oncall,
      body: {
        title: "Canary config pushes",
        owner_id: USERS.ic,
        due: "2026-12-15",
        ticket_url: "https://tickets.example/OPS-1",
      },
    });
    expect(fu.status).toBe(201);
    expect(
      (
        await call<Err>("POST", `/api/v1/incidents/${inc.id}/follow-ups`, {
          as: USERS.oncall,
          body: { title: "x", due: "soon" },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call("PATCH", `/api/v1/incidents/${inc.id}/follow-ups/${fu.body.follow_up.id}`, {
          as: USERS.oncall,
          body: { status: "done" },
        })
      ).status,
    ).toBe(200);
    const audit = (await auditEvents()).filter(
      (e) => e.action.startsWith("incident.follow_up") && e.target?.startsWith(inc.id),
    );
    expect(audit.map((e) => [e.action, e.outcome, e.target])).toEqual([
      ["incident.follow_up_update", "allowed", `${inc.id}/${fu.body.follow_up.id}`],
      ["incident.follow_up_create", "failure", inc.id],
      ["incident.follow_up_create", "allowed", inc.id],
    ]);
    expect(audit[2]!.details.follow_up_id).toBe(fu.body.follow_up.id);
    const md = await call("GET", `/api/v1/incidents/${inc.id}/export?format=markdown`, { as: USERS.ic });
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.text).toContain(`# ${inc.ref}: Edge connect failures in eu-west`);
    expect(md.text).toContain("| Incident commander | Olivia Oncall |");
    expect(md.text).toContain("~~5% of eu-west connects failed~~ (corrected)");
    expect(md.text).toContain(`12% of eu-west connects failed (corrects #${orig.id})`);
    expect(md.text).toContain(
      "- [x] Canary config pushes — Ian Commander, due 2026-12-15, [https://tickets.example/OPS-1](https://tickets.example/OPS-1)",
    );
    expect(md.text).toMatch(/\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \|/);
    const json = await call<{ timeline: Entry[]; follow_ups: unknown[] }>(
      "GET",
      `/api/v1/incidents/${inc.id}/export?format=json`,
      { as: USERS.ic },
    );
    expect(json.body.timeline).toHaveLength(3);
    expect(json.body.follow_ups).toHaveLength(1);
    await patch(inc.id, { commander_id: USERS.ic });
    const again = await call("GET", `/api/v1/incidents/${inc.id}/export`, { as: USERS.ic });
    expect(again.text).toContain("commander: Olivia Oncall → Ian Commander");
  });

  it("lists open incidents first", async () => {
    const done = await declare({ title: "old one" });
    await patch(done.id, { status: "resolved" });
    const fresh = await declare({ title: "fresh one" });
    const list = (await call<{ incidents: Inc[] }>("GET", "/api/v1/incidents?limit=200", { as: USERS.ic })).body
      .incidents;
    const firstResolved = list.findIndex((i) => i.status === "resolved");
    expect(list.findIndex((i) => i.id === fresh.id)).toBeLessThan(firstResolved);
    const openOnly = (await call<{ incidents: Inc[] }>("GET", "/api/v1/incidents?status=open", { as: USERS.ic })).body
      .incidents;
    expect(openOnly.every((i) => i.status !== "resolved")).toBe(true);
  });
});
