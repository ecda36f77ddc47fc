// Alertmanager's webhook, in the shapes Alertmanager sends, and what on-call does with the alerts.
import { describe, expect, it } from "vitest";
import { withTestDb } from "../support/db";
import { call, mintToken, auditEvents, USERS } from "../support/api";
import type { ApiErrorBody } from "../support/api";
import type { Alert } from "@/lib/alerts/contract";

withTestDb();

type A = Alert;
type Err = ApiErrorBody;

const NOT_ENDED = "0001-01-01T00:00:00Z";
function payload(
  status: "firing" | "resolved",
  alerts: {
    name: string;
    fp: string;
    severity?: string;
    annotations?: Record<string, string>;
    status?: "firing" | "resolved";
  }[],
) {
  return {
    receiver: "ops-console",
    status,
    alerts: alerts.map((a) => ({
      status: a.status ?? status,
      labels: { alertname: a.name, severity: a.severity ?? "page", region: "eu-west", service: "edge" },
      annotations: a.annotations ?? {
        summary: `${a.name} is burning the error budget`,
        runbook_url: "https://runbooks.example/edge-slo",
      },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: a.status === "resolved" || status === "resolved" ? new Date().toISOString() : NOT_ENDED,
      generatorURL: "http://127.0.0.1:9090/graph?g0.expr=…",
      fingerprint: a.fp,
    })),
    groupLabels: { alertname: alerts[0]!.name },
    commonLabels: { region: "eu-west" },
    commonAnnotations: {},
    externalURL: "http://127.0.0.1:9093",
    version: "4",
    groupKey: `{}:{alertname="${alerts[0]!.name}"}`,
    truncatedAlerts: 0,
  };
}

async function agent() {
  return { token: (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret };
}
const byFp = async (fp: string) =>
  (await call<{ alerts: A[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })).body.alerts.find(
    (a) => a.fingerprint === fp,
  )!;

describe("Alertmanager intake", () => {
  it("takes a grouped payload, keeps alerts by fingerprint, and counts repeats", async () => {
    const am = await agent();
    const res = await call<{ accepted: number; firing: number }>("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [
        { name: "EdgeSLOBurn", fp: "g1" },
        { name: "EdgeResets", fp: "g2", severity: "warning" },
      ]),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, firing: 2 });
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeSLOBurn", fp: "g1" }]),
    });
    const page = await byFp("g1");
    expect(page).toMatchObject({ name: "EdgeSLOBurn", kind: "page", pager_eligible: true, status: "firing", count: 2 });
    expect((await byFp("g2")).kind).toBe("ticket");
  });

  it("closes an alert when Alertmanager says it resolved, and reopens it if it fires again", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "ProjectionLag", fp: "r1" }]),
    });
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("resolved", [{ name: "ProjectionLag", fp: "r1" }]),
    });
    expect((await byFp("r1")).status).toBe("resolved");
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "ProjectionLag", fp: "r1" }]),
    });
    expect(await byFp("r1")).toMatchObject({ status: "firing", count: 2 });
  });

  it("counts every sighting when deliveries overlap or a payload repeats a fingerprint, and keeps an ack across repeats", async () => {
    const am = await agent();
    // Six concurrent deliveries of the same group, each naming c1 twice and c2 once: nine-ish rows racing to exist.
    const body = payload("firing", [
      { name: "EdgeResets", fp: "c1" },
      { name: "EdgeResets", fp: "c2" },
      { name: "EdgeResets", fp: "c1" },
    ]);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call("POST", "/api/v1/alerts/alertmanager", { as: am, body })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const all = (await call<{ alerts: A[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })).body.alerts;
    expect(all.filter((a) => a.fingerprint === "c1")).toHaveLength(1); // one row per fingerprint
    expect((await byFp("c1")).count).toBe(12);
    expect((await byFp("c2")).count).toBe(6);
    const c2 = await byFp("c2");
    expect((await call("POST", `/api/v1/alerts/${c2.id}/ack`, { as: USERS.oncall })).status).toBe(200);
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeResets", fp: "c2" }]),
    });
    expect(await byFp("c2")).toMatchObject({ id: c2.id, status: "acknowledged", count: 7 });
    // Alertmanager's resolution closes it, acknowledged or not.
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeResets", fp: "c2", status: "resolved" }]),
    });
    expect((await byFp("c2")).status).toBe("resolved");
  });

  it("counts what matches across every page, by kind and by name, and pages through an alert storm without gaps", async () => {
    const am = await agent();
    for (let b = 0; b < 3; b++) {
      const batch = Array.from({ length: 100 }, (_, i) => ({
        name: `Storm${i % 3}`,
        fp: `storm-${b}-${i}`,
        severity: i % 10 === 0 ? "page" : "warning",
      }));
      expect(
        (await call("POST", "/api/v1/alerts/alertmanager", { as: am, body: payload("firing", batch) })).status,
      ).toBe(200);
    }
    type List = {
      alerts: A[];
      next_cursor: string | null;
      totals: { total: number; page: number; ticket: number; by_name: { name: string; count: number }[] };
    };
    const seen = new Set<string>();
    let cursor: string | null = null;
    let first: List | undefined;
    do {
      const res: { status: number; body: List } = await call<List>(
        "GET",
        `/api/v1/alerts?state=open&name=Storm0&name=Storm1&name=Storm2&limit=70${cursor ? `&cursor=${cursor}` : ""}`,
        { as: USERS.oncall },
      );
      expect(res.status).toBe(200);
      first ??= res.body;
      for (const a of res.body.alerts) seen.add(a.fingerprint);
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen.size).toBe(300);
    expect(first!.totals).toMatchObject({ total: 300, page: 30, ticket: 270 });
    const only = await call<List>("GET", "/api/v1/alerts?state=open&name=Storm1&kind=ticket&limit=5", {
      as: USERS.oncall,
    });
    expect(only.body.alerts.every((a) => a.name === "Storm1" && a.kind === "ticket")).toBe(true);
    expect(only.body.totals).toMatchObject({ total: 90, page: 0, ticket: 90 });
    // Names are counted under the state and kind filters, not the name filter, so the others stay in reach.
    expect(only.body.totals.by_name.filter((n) => n.name.startsWith("Storm"))).toEqual([
      { name: "Storm0", count: 90 },
      { name: "Storm1", count: 90 },
      { name: "Storm2", count: 90 },
    ]);
  });

  it("downgrades a page without a runbook or summary to a ticket, saying why", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "HostDown", fp: "d1", annotations: { summary: "host down" } }]),
    });
    const a = await byFp("d1");
    expect(a).toMatchObject({ kind: "ticket", pager_eligible: false });
    expect(a.not_eligible_reason).toContain("runbook_url");
  });

  it("reads the console's own runbooks: one that does not exist or falls short of the standard cannot carry a page", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [
        { name: "RunbookMissing", fp: "rb1", annotations: { summary: "x", runbook_url: "/runbooks/no-such-runbook" } },
        {
          name: "RunbookGood",
          fp: "rb2",
          annotations: { summary: "x", runbook_url: "/runbooks/edge-connect-failures" },
        },
        {
          name: "RunbookElsewhere",
          fp: "rb3",
          annotations: { summary: "x", runbook_url: "https://wiki.example/runbooks/edge" },
        },
      ]),
    });
    expect(await byFp("rb1")).toMatchObject({
      kind: "ticket",
      pager_eligible: false,
      not_eligible_reason: "its runbook 'no-such-runbook' does not exist; sent as a ticket",
    });
    expect(await byFp("rb2")).toMatchObject({ kind: "page", pager_eligible: true });
    expect(await byFp("rb3")).toMatchObject({ kind: "page", pager_eligible: true });
  });

  it("answers 400 naming the field for malformed payloads, and 401 without a token", async () => {
    const am = await agent();
    const bad = [
      [{ ...payload("firing", [{ name: "X", fp: "m1" }]), version: "3" }, "body.version"],
      [{ ...payload("firing", [{ name: "X", fp: "m1" }]), alerts: "nope" }, "body.alerts"],
      [payload("firing", [{ name: "X", fp: "" }]), "body.alerts.0.fingerprint"],
      [{ ...payload("firing", [{ name: "X", fp: "m2" }]), status: "exploded" }, "body.status"],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call<Err>("POST", "/api/v1/alerts/alertmanager", { as: am, body });
      expect(res.status, field).toBe(400);
      expect(
        res.body.error.details!.fields!.map((f) => f.field),
        field,
      ).toContain(field);
    }
    const noName = payload("firing", [{ name: "X", fp: "m3" }]);
    delete (noName.alerts[0]!.labels as Record<string, string>).alertname;
    expect((await call("POST", "/api/v1/alerts/alertmanager", { as: am, body: noName })).status).toBe(400);
    expect(
      (await call("POST", "/api/v1/alerts/alertmanager", { body: payload("firing", [{ name: "X", fp: "m4" }]) }))
        .status,
    ).toBe(401);
    expect(
      (
        await call("POST", "/api/v1/alerts/alertmanager", {
          as: USERS.acme,
          body: payload("firing", [{ name: "X", fp: "m5" }]),
        })
      ).status,
    ).toBe(403);
  });
});

describe("acting on alerts", () => {
  it("acknowledges and resolves, refusing to act on a resolved alert", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "DiskPressure", fp: "a1", severity: "warning" }]),
    });
    const a = await byFp("a1");
    const ack = await call<{ alert: A }>("POST", `/api/v1/alerts/${a.id}/ack`, { as: USERS.oncall });
    expect(ack.body.alert.status).toBe("acknowledged");
    const open = (await call<{ alerts: A[] }>("GET", "/api/v1/alerts?state=open&kind=ticket", { as: USERS.oncall }))
      .body.alerts;
    expect(open.map((x) => x.id)).toContain(a.id);
    expect((await call("POST", `/api/v1/alerts/${a.id}/resolve`, { as: USERS.oncall })).status).toBe(200);
    expect((await call("POST", `/api/v1/alerts/${a.id}/resolve`, { as: USERS.oncall })).status).toBe(409);
    expect((await call("POST", `/api/v1/alerts/${a.id}/ack`, { as: USERS.oncall })).status).toBe(409);
    expect((await call("POST", "/api/v1/alerts/alr_nope/ack", { as: USERS.oncall })).status).toBe(404);
  });

  it("declares an incident from an alert, with the alert in its timeline", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeSLOBurnFast", fp: "i1" }]),
    });
    const a = await byFp("i1");
    const res = await call<{ alert: A; incident: { id: string; ref: string } }>(
      "POST",
      `/api/v1/alerts/${a.id}/incident`,
      { as: USERS.oncall, body: {} },
    );
    expect(res.status).toBe(201);
    expect(res.body.alert.incident_id).toBe(res.body.incident.id);
    const inc = (
      await call<{ incident: { severity: string; title: string; services: string[]; regions: string[] } }>(
        "GET",
        `/api/v1/incidents/${res.body.incident.ref}`,
        { as: USERS.oncall },
      )
    ).body.incident;
    expect(inc).toMatchObject({
      severity: "sev1",
      title: "EdgeSLOBurnFast is burning the error budget",
      services: ["edge"],
      regions: ["eu-west"],
    });
    const entries = (
      await call<{ entries: { kind: string; body: string }[] }>(
        "GET",
        `/api/v1/incidents/${res.body.incident.id}/timeline`,
        { as: USERS.oncall },
      )
    ).body.entries;
    expect(entries.map((e) => e.kind)).toEqual(["declared", "alert"]);
    expect((await call("POST", `/api/v1/alerts/${a.id}/incident`, { as: USERS.oncall, body: {} })).status).toBe(409);
    // On record in the audit log: who declared from which alert, the incident it made, and the refused repeat.
    const events = (await auditEvents("alert.declare_incident")).filter((e) => e.target === a.id);
    expect(events.map((e) => `${e.outcome} ${e.details.status}`)).toEqual(["failure 409", "allowed 201"]);
    expect(events[1]).toMatchObject({ actor: { id: USERS.oncall }, details: { incident_id: res.body.incident.id } });
  });

  it("attaches an alert to the open incident it belongs to, and tells that incident when it resolves or fires again", async () => {
    const am = await agent();
    const inc = (
      await call<{ incident: { id: string; ref: string } }>("POST", "/api/v1/incidents", {
        as: USERS.ic,
        body: { title: "edge attach test", severity: "sev1", services: ["edge"], regions: ["eu-west"] },
      })
    ).body.incident;
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeAttach", fp: "att1" }]),
    });
    const a = await byFp("att1");
    expect(a.scope).toEqual({ service: "edge", region: "eu-west" });
    const res = await call<{ alert: A; incident: { id: string; ref: string } }>(
      "POST",
      `/api/v1/alerts/${a.id}/attach`,
      { as: USERS.oncall, body: { incident_id: inc.ref } },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ alert: { incident_id: inc.id }, incident: { id: inc.id, ref: inc.ref } });
    // Listed with the incident; a second attach and an unknown incident are refused, naming why.
    expect(
      (await call<{ alerts: A[] }>("GET", `/api/v1/alerts?incident=${inc.ref}`, { as: USERS.oncall })).body.alerts.map(
        (x) => x.id,
      ),
    ).toEqual([a.id]);
    expect(
      (await call("POST", `/api/v1/alerts/${a.id}/attach`, { as: USERS.oncall, body: { incident_id: inc.ref } }))
        .status,
    ).toBe(409);
    const unknown = await call<Err>("POST", `/api/v1/alerts/${(await byFp("i1")).id}/attach`, {
      as: USERS.oncall,
      body: { incident_id: "INC-99999" },
    });
    expect([unknown.status, unknown.body.error.details?.fields?.[0]?.field]).toEqual([400, "body.incident_id"]);
    // Alertmanager resolves it, then it fires again: both in the incident's timeline, after the attachment.
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("resolved", [{ name: "EdgeAttach", fp: "att1" }]),
    });
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeAttach", fp: "att1" }]),
    });
    const entries = (
      await call<{ entries: { kind: string; body: string }[] }>("GET", `/api/v1/incidents/${inc.id}/timeline`, {
        as: USERS.oncall,
      })
    ).body.entries.filter((e) => e.kind === "alert");
    expect(entries.map((e) => e.body)).toEqual([
      expect.stringMatching(/^Alert EdgeAttach attached \(page, fired 1×\)/),
      "Alert EdgeAttach resolved (Alertmanager)",
      "Alert EdgeAttach firing again (Alertmanager)",
    ]);
    // A resolved incident takes no more alerts (resolved while EdgeAttach fires: the IC confirms it).
    const resolved = await call("PATCH", `/api/v1/incidents/${inc.id}`, {
      as: USERS.ic,
      body: { status: "resolved", confirm_firing: true },
    });
    expect(resolved.status, resolved.text).toBe(200);
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "EdgeAttach2", fp: "att2" }]),
    });
    expect(
      (
        await call("POST", `/api/v1/alerts/${(await byFp("att2")).id}/attach`, {
          as: USERS.oncall,
          body: { incident_id: inc.id },
        })
      ).status,
    ).toBe(409);
  });

  it("keeps acks and resolutions by people in the audit log", async () => {
    const am = await agent();
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: payload("firing", [{ name: "DiskFilling", fp: "au1", severity: "warning" }]),
    });
    const a = await byFp("au1");
    expect((await call("POST", `/api/v1/alerts/${a.id}/ack`, { as: USERS.ic })).status).toBe(200);
    expect((await call("POST", `/api/v1/alerts/${a.id}/resolve`, { as: USERS.acme })).status).toBe(403);
    const events = (await auditEvents()).filter((e) => e.target === a.id);
    expect(events.map((e) => [e.action, e.outcome, e.actor.id])).toEqual([
      ["alert.resolve", "denied", USERS.acme],
      ["alert.ack", "allowed", USERS.ic],
    ]);
  });
});
