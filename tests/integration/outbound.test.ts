// Outbound notifications go through one client: a URL inside the platform (loopback, private, link-local,
// unique-local, multicast, reserved) is refused when it is saved and again when something is sent, before
// any connection; a redirect is never followed; every way of not reaching a target reads the same.
// OUTBOUND_ALLOW is 127.0.0.1 in the suites (their receivers): the listeners below on 127.0.0.2 are
// loopback too, so the test sees for itself that nothing connects to them.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { call, mintToken, USERS } from "../support/api";
import { putSchedule } from "../support/paging";
import type { ApiErrorBody } from "../support/api";
import { db } from "@/lib/db/client";
import { postJson } from "@/lib/http/outbound";
import { escalateDue } from "@/lib/escalation";
import type { Alert } from "@/lib/alerts/contract";
import type { EscalationStep } from "@/lib/escalation/contract";

withTestDb();

/** A listener that counts connections and requests, answering with `answer`. */
async function listener(
  host: string,
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, r) => r.writeHead(200).end(),
) {
  const seen = { connections: 0, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    seen.requests.push(req.url ?? "");
    req.resume();
    req.on("end", () => answer(req, res));
  });
  server.on("connection", () => seen.connections++);
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, seen, url: `http://${host}:${(server.address() as net.AddressInfo).port}` };
}

let inside: Awaited<ReturnType<typeof listener>>;
beforeAll(async () => {
  inside = await listener("127.0.0.2");
});
afterAll(() => inside?.server.close());

const FORBIDDEN = (port: number) => [
  `http://127.0.0.2:${port}/hook`,
  `http://127.0.0.1.nip.invalid@127.0.0.2:${port}/`,
  `http://[::1]:${port}/`,
  `http://[::ffff:127.0.0.2]:${port}/`,
  `http://localhost:${port}/`,
  "http://10.0.0.1/",
  "http://172.20.0.1/",
  "http://192.168.0.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://100.100.100.200/",
  "http://[fd12:3456::1]/",
  "http://[fe80::1]/",
  "http://239.255.255.250/",
  "http://0.0.0.0/",
];

describe("a notification URL inside the platform", () => {
  it("is refused when saved, naming the field, for every forbidden range", async () => {
    const port = (inside.server.address() as net.AddressInfo).port;
    for (const url of FORBIDDEN(port)) {
      for (const field of ["webhook_url", "slack_webhook_url"]) {
        const res = await call<ApiErrorBody>("PUT", "/api/v1/me/contact", { as: USERS.oncall, body: { [field]: url } });
        expect(res.status, url).toBe(400);
        expect(res.body.error.details?.fields?.[0]?.field, url).toBe(`body.${field}`);
      }
    }
    expect(inside.seen.connections).toBe(0);
  });

  it("is refused when sent, before any connection, for every forbidden range", async () => {
    const port = (inside.server.address() as net.AddressInfo).port;
    for (const url of FORBIDDEN(port)) {
      const out = await postJson(url, { type: "test" });
      expect(out.ok, url).toBe(false);
      expect(out.detail, url).toMatch(/^refused: /);
    }
    expect(inside.seen.connections).toBe(0);
  });

  it("escalates to a contact saved before the rule without sending to it, and says why", async () => {
    const port = (inside.server.address() as net.AddressInfo).port;
    await putSchedule({ primary: USERS.oncall });
    // As a contact saved before URLs were checked would be: straight into the database.
    await db().execute(
      sql`insert into contacts (user_id, contact) values (${USERS.oncall}, ${JSON.stringify({ webhook_url: `http://127.0.0.2:${port}/olivia` })}::jsonb) on conflict (user_id) do update set contact = excluded.contact`,
    );
    const am = { token: (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret };
    await call("POST", "/api/v1/alerts/alertmanager", {
      as: am,
      body: {
        receiver: "ops-console",
        status: "firing",
        version: "4",
        groupKey: "ssrf",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "OutboundProbe", severity: "page" },
            annotations: { summary: "probe", runbook_url: "https://runbooks.example/x" },
            startsAt: new Date().toISOString(),
            fingerprint: "fp-ssrf",
          },
        ],
      },
    });
    const alert = (
      await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall })
    ).body.alerts.find((a) => a.fingerprint === "fp-ssrf")!;
    await escalateDue("http://console.test");
    const steps = (
      await call<{ escalations: EscalationStep[] }>("GET", `/api/v1/alerts/${alert.id}/escalations`, {
        as: USERS.oncall,
      })
    ).body.escalations;
    expect(steps[0]).toMatchObject({ layer: "primary", status: "failed" });
    expect(steps[0]!.detail).toMatch(
      /webhook failed: refused: .*127\.0\.0\.2 is a loopback, private, link-local or reserved address/,
    );
    expect(inside.seen.connections).toBe(0);
  });
});

describe("an allowed target", () => {
  it("answers with its status, and a redirect is not followed", async () => {
    const second = await listener("127.0.0.1");
    const first = await listener("127.0.0.1", (_q, r) => r.writeHead(307, { location: `${second.url}/stolen` }).end());
    try {
      expect(await postJson(`${second.url}/ok`, { a: 1 })).toMatchObject({ ok: true, detail: "HTTP 200" });
      const out = await postJson(`${first.url}/hook`, { secret: "alert body" });
      expect(out).toMatchObject({ ok: false, status: 307, detail: "HTTP 307: redirects are not followed" });
      expect(second.seen.requests).toEqual(["/ok"]);
    } finally {
      first.server.close();
      second.server.close();
    }
  });

  it("reads the same whichever way it cannot be reached: a closed port, a reset, a silent listener", async () => {
    const closed = await listener("127.0.0.1");
    const closedUrl = closed.url;
    await new Promise((r) => closed.server.close(r));
    const reset = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => reset.listen(0, "127.0.0.1", r));
    try {
      const a = await postJson(`${closedUrl}/x`, {});
      const b = await postJson(`http://127.0.0.1:${(reset.address() as net.AddressInfo).port}/x`, {});
      expect([a.detail, b.detail]).toEqual(["unreachable", "unreachable"]);
    } finally {
      reset.close();
    }
  });
});
