// Notifications by severity over every channel a person sets: chat (Slack-compatible), a JSON webhook, an
// SMS/phone gateway — local HTTP receivers — and email through a real SMTP server the test starts. A critical
// page reaches all four, a high one chat and email, a ticket never SMS; a mail server that is down or refuses
// fails that channel only, with its reason; each person tests their own channels and sees each result.
import dns from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDb } from "../support/db";
import { startSmtp, type Mail, type Smtp } from "../support/smtp";
import { auditEvents, call, USERS, type ApiErrorBody } from "../support/api";
import { db } from "@/lib/db/client";
import { alerts, users } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { deliver, notify, type AlertRow, type Person } from "@/lib/escalation/delivery";

withTestDb();

let receiver: http.Server;
let base = "";
const got: { path: string; body: Record<string, unknown> }[] = [];

let smtp: Smtp;
let smtpPort = 0;
let mails: Mail[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ path: req.url!, body: JSON.parse(body || "{}") });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}`;

  smtp = await startSmtp();
  mails = smtp.mails;
  smtpPort = smtp.port;

  // Olivia set all four channels; Ian a webhook and an SMS gateway; the admin chat and email.
  await call("PUT", "/api/v1/me/contact", {
    as: USERS.oncall,
    body: {
      slack_webhook_url: `${base}/chat/olivia`,
      webhook_url: `${base}/hook/olivia`,
      email: "olivia@example.com",
      sms_webhook_url: `${base}/sms/olivia`,
    },
  });
  await call("PUT", "/api/v1/me/contact", {
    as: USERS.ic,
    body: { webhook_url: `${base}/hook/ian`, sms_webhook_url: `${base}/sms/ian` },
  });
  await call("PUT", "/api/v1/me/contact", {
    as: USERS.admin,
    body: { slack_webhook_url: `${base}/chat/admin`, email: "bounce@example.com" },
  });
});
afterAll(async () => {
  receiver?.close();
  await smtp?.close();
});
beforeEach(() => {
  got.length = 0;
  mails.length = 0;
  process.env.SMTP_URL = `smtp://ops:s3cret@127.0.0.1:${smtpPort}`;
  process.env.SMTP_FROM = "Ops Console <oncall@example.com>";
  process.env.ESCALATION_RETRY_MS = "5";
});
afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.SMTP_FROM;
  delete process.env.ESCALATION_RETRY_MS;
});

async function person(id: string): Promise<Person> {
  const [u] = await db()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, id));
  return u!;
}

async function alertRow(severity: AlertRow["severity"], kind: AlertRow["kind"] = "page"): Promise<AlertRow> {
  const id = newId("alr");
  const [a] = await db()
    .insert(alerts)
    .values({
      id,
      fingerprint: id,
      name: "EdgeErrorBudgetBurn",
      kind,
      pagerEligible: kind === "page",
      status: "firing",
      severity,
      labels: { alertname: "EdgeErrorBudgetBurn", service: "edge", region: "eu-west" },
      annotations: { summary: "eu-west burning its error budget <fast>" },
    })
    .returning();
  return a!;
}

const paths = () => got.map((g) => g.path).sort();

describe("a notification goes by its severity's channels", () => {
  it("a critical page reaches all four: chat, webhook, SMS gateway and an email with its headers and body", async () => {
    const a = await alertRow("critical");
    const r = await notify(await person(USERS.oncall), a, 0, "https://console.test");
    expect(r).toMatchObject({ ok: true, channel: "chat+webhook+email+sms", attempts: 4 });
    expect(r.detail).toBe("chat delivered; webhook delivered; email delivered; sms delivered");
    expect(paths()).toEqual(["/chat/olivia", "/hook/olivia", "/sms/olivia"]);
    const by = (p: string) => got.find((g) => g.path === p)!.body;
    expect(by("/chat/olivia")).toEqual({
      text: expect.stringMatching(/^P0 Page: EdgeErrorBudgetBurn \(edge in eu-west\)/),
    });
    expect(by("/hook/olivia")).toMatchObject({
      type: "page",
      step: "primary",
      severity: "critical",
      priority: "P0",
      shadow: false,
      to: { id: USERS.oncall },
      alert: { id: a.id, name: "EdgeErrorBudgetBurn" },
    });
    const sms = by("/sms/olivia") as { to: unknown; message: string };
    expect(sms.to).toEqual({ id: USERS.oncall, name: expect.any(String) });
    expect(sms.message.length).toBeLessThanOrEqual(300);
    expect(sms.message).toMatch(/^P0 Page: EdgeErrorBudgetBurn/);

    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.user).toBe("ops"); // SMTP_URL's credentials
    expect(m.to).toEqual(["olivia@example.com"]);
    expect(m.from).toBe("oncall@example.com");
    expect(m.headers.to).toBe("olivia@example.com");
    expect(m.headers.from).toBe("Ops Console <oncall@example.com>");
    expect(m.headers.subject).toBe("[P0 critical] Page: EdgeErrorBudgetBurn (edge in eu-west)");
    expect(m.headers["x-ops-console-alert"]).toBe(a.id);
    expect(m.headers["x-ops-console-severity"]).toBe("critical");
    expect(m.raw).toContain("eu-west burning its error budget <fast>"); // the plain text
    expect(m.raw).toContain("burning its error budget &lt;fast&gt;"); // the HTML, escaped
    expect(m.raw).toContain('<a href="https://console.test/alerts?name=EdgeErrorBudgetBurn">');
  });

  it("a high page goes by chat and email only; an escalation says so in the subject", async () => {
    const r = await notify(await person(USERS.oncall), await alertRow("high"), 1, "https://console.test");
    expect(r).toMatchObject({ ok: true, channel: "chat+email", detail: "chat delivered; email delivered" });
    expect(paths()).toEqual(["/chat/olivia"]);
    expect(mails.map((m) => m.headers.subject)).toEqual([
      "[P1 high] Page escalated to secondary: EdgeErrorBudgetBurn (edge in eu-west)",
    ]);
  });

  it("a ticket never goes by SMS, even a critical one", async () => {
    const r = await notify(await person(USERS.oncall), await alertRow("critical", "ticket"), 0, "https://console.test");
    expect(r.channel).toBe("chat+webhook+email");
    expect(paths()).toEqual(["/chat/olivia", "/hook/olivia"]);
    expect(got.find((g) => g.path === "/hook/olivia")!.body).toMatchObject({ type: "ticket" });
    expect(mails[0]!.headers.subject).toBe("[P0 critical] Ticket: EdgeErrorBudgetBurn (edge in eu-west)");
  });

  it("a shadow's copy goes by the same channels, marked [shadow]", async () => {
    const a = await alertRow("high");
    const r = await notify(await person(USERS.oncall), a, 0, "https://console.test", [], { shadow: true });
    expect(r.channel).toBe("chat+email");
    expect(got[0]!.body.text).toMatch(/^\[shadow\] P1 Page: /);
    expect(mails[0]!.headers.subject).toMatch(/^\[shadow\] \[P1 high\]/);
  });

  it("with none of the severity's channels set: their other channels but SMS, and the detail says so", async () => {
    const r = await notify(await person(USERS.ic), await alertRow("medium"), 0, "https://console.test");
    expect(r).toMatchObject({
      ok: true,
      channel: "webhook",
      detail: "none of medium's channels (chat, email) set: sent by webhook instead; webhook delivered",
    });
    expect(paths()).toEqual(["/hook/ian"]);
    expect(mails).toEqual([]); // never emailed at the account's address: only at one the person set
  });
});

describe("when email fails", () => {
  it("a mail server that is down fails email with the reason, retried; the other channels still deliver", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const r = await notify(await person(USERS.oncall), await alertRow("high"), 0, "https://console.test");
    expect(r).toMatchObject({
      ok: true,
      channel: "chat+email",
      attempts: 4, // chat once, email three times
      detail: "chat delivered; email failed: could not connect to the mail server",
    });
    expect(r.results.find((x) => x.channel === "email")).toMatchObject({ ok: false, attempts: 3 });
  });

  it("a refused recipient is not retried and shows the server's answer", async () => {
    const r = await notify(await person(USERS.admin), await alertRow("low"), 0, "https://console.test");
    expect(r).toMatchObject({ ok: false, channel: "email", attempts: 1 });
    expect(r.detail).toMatch(/^email failed: 550 .*No such mailbox/);
  });

  it("without SMTP_URL email is not configured, an outcome rather than an error", async () => {
    delete process.env.SMTP_URL;
    const r = await deliver(await person(USERS.oncall), {
      kind: "reminder",
      severity: "medium",
      subject: "Customer update due",
      text: "A customer update is due.",
      json: { type: "update_reminder" },
    });
    expect(r).toMatchObject({ ok: true, channel: "chat+email" });
    expect(r.detail).toBe("chat delivered; email failed: not configured (SMTP_URL, SMTP_FROM)");
  });

  it("a mail server whose name resolves inside the platform is refused before any connection", async () => {
    process.env.SMTP_URL = `smtp://mail.example.test:${smtpPort}`;
    const lookup = vi.spyOn(dns, "lookup").mockResolvedValue([{ address: "10.0.0.5", family: 4 }] as never);
    try {
      const r = await deliver(await person(USERS.admin), {
        kind: "page",
        severity: "low",
        subject: "s",
        text: "t",
        json: {},
      });
      expect(r).toMatchObject({ ok: false, attempts: 1 });
      expect(r.detail).toBe(
        "email failed: refused: mail.example.test resolves to 10.0.0.5 is a loopback, private, link-local or reserved address",
      );
      expect(mails).toEqual([]);
    } finally {
      lookup.mockRestore();
    }
  });
});

describe("each person tests their own channels", () => {
  it("sends a test to each channel set and answers per channel; audited; a few a minute at most", async () => {
    const res = await call<{ results: { channel: string; ok: boolean; detail: string }[] }>(
      "POST",
      "/api/v1/me/contact/test",
      { as: USERS.oncall },
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { channel: "chat", ok: true, detail: "HTTP 200" },
      { channel: "webhook", ok: true, detail: "HTTP 200" },
      { channel: "email", ok: true, detail: expect.stringMatching(/^250/) },
      { channel: "sms", ok: true, detail: "HTTP 200" },
    ]);
    expect(paths()).toEqual(["/chat/olivia", "/hook/olivia", "/sms/olivia"]);
    expect(mails[0]!.headers.subject).toBe("Ops Console: test notification");
    expect(await auditEvents("contact.test")).toEqual([
      expect.objectContaining({
        outcome: "allowed",
        details: expect.objectContaining({
          results: ["chat delivered", "webhook delivered", "email delivered", "sms delivered"],
        }),
      }),
    ]);

    const admin = await call<{ results: { channel: string; ok: boolean; detail: string }[] }>(
      "POST",
      "/api/v1/me/contact/test",
      { as: USERS.admin },
    );
    expect(admin.body.results).toEqual([
      { channel: "chat", ok: true, detail: "HTTP 200" },
      { channel: "email", ok: false, detail: expect.stringMatching(/^550 /) },
    ]);

    await call("POST", "/api/v1/me/contact/test", { as: USERS.oncall });
    await call("POST", "/api/v1/me/contact/test", { as: USERS.oncall });
    const over = await call<ApiErrorBody>("POST", "/api/v1/me/contact/test", { as: USERS.oncall });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toContain("At most 3 tests a minute");
  });
});

describe("setting a contact", () => {
  it("refuses a target inside the platform and a bad email, naming the field", async () => {
    const sms = await call<ApiErrorBody>("PUT", "/api/v1/me/contact", {
      as: USERS.ic,
      body: { sms_webhook_url: "http://10.0.0.1/sms" },
    });
    expect(sms.status).toBe(400);
    expect(sms.body.error.message).toMatch(/^body\.sms_webhook_url: must not point inside the platform/);
    const email = await call<ApiErrorBody>("PUT", "/api/v1/me/contact", {
      as: USERS.ic,
      body: { email: "not an address" },
    });
    expect(email.status).toBe(400);
    expect(JSON.stringify(email.body.error)).toContain("email");
    const long = await call<ApiErrorBody>("PUT", "/api/v1/me/contact", {
      as: USERS.ic,
      body: { email: `${"a".repeat(250)}@example.com` },
    });
    expect(long.status).toBe(400);
    // Nothing changed.
    const now = await call<{ contact: object }>("GET", "/api/v1/me/contact", { as: USERS.ic });
    expect(now.body.contact).toEqual({ webhook_url: `${base}/hook/ian`, sms_webhook_url: `${base}/sms/ian` });
  });
});
