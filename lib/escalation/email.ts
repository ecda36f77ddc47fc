// Email notifications over SMTP (nodemailer): through SMTP_URL, from SMTP_FROM, a plain-text body with a
// simple HTML alternative. The mail server is checked like every outbound target before any connection
// (../http/outbound-rules, OUTBOUND_ALLOW): a host name is resolved once, every address it resolves to must
// be allowed, and the connection goes to the address that was checked. Without SMTP_URL email is "not
// configured" — an outcome, never an error.
import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { addressFor, type Outcome } from "@/lib/http/outbound";
import { literalAddress, smtpProblem } from "@/lib/http/outbound-rules";
import { failed, inSpan } from "@/lib/telemetry/tracing";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers naming what the mail is about, e.g. X-Ops-Console-Alert. */
  headers?: Record<string, string>;
}

const CONNECT_TIMEOUT_MS = 5000;
const SEND_TIMEOUT_MS = 10_000;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The text as HTML: escaped, its lines kept, its links clickable. */
export function mailHtml(text: string): string {
  const body = escapeHtml(text)
    .replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`)
    .replace(/\n/g, "<br>\n");
  return `<!doctype html><html><body><p style="font-family:sans-serif;font-size:14px;line-height:1.5">${body}</p></body></html>`;
}

/** What a failed send reads as: the server's answer when it gave one, else how the connection failed. */
function failure(err: unknown): Outcome {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.responseCode && e.response)
    // A permanent refusal (5xx) is not retried: the server will say the same again.
    return { ok: false, refused: e.responseCode >= 500, detail: e.response.slice(0, 300) };
  if (e.code === "ETIMEDOUT") return { ok: false, detail: "the mail server did not answer in time" };
  if (e.code === "EAUTH") return { ok: false, refused: true, detail: "the mail server refused the credentials" };
  if (e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "EDNS")
    return { ok: false, detail: "could not connect to the mail server" };
  return { ok: false, detail: (e.message ?? String(err)).slice(0, 300) };
}

/**
 * Sends one mail through SMTP_URL; never throws. A span of its own ("smtp send", a child of the active one or
 * its own trace), naming neither the recipient nor the subject; mail carries no trace context.
 */
export async function sendMail(mail: Mail): Promise<Outcome> {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL || !SMTP_FROM) return { ok: false, refused: true, detail: "not configured (SMTP_URL, SMTP_FROM)" };
  return inSpan(
    "smtp send",
    { "network.protocol.name": "smtp" },
    async (span) => {
      const outcome = await send(mail, SMTP_URL, SMTP_FROM);
      if (span && !outcome.ok) failed(span, outcome.refused ? "refused" : "not sent");
      return outcome;
    },
    { root: true },
  );
}

async function send(mail: Mail, smtpUrl: string, from: string): Promise<Outcome> {
  const { OUTBOUND_ALLOW } = env();
  const problem = smtpProblem(smtpUrl, OUTBOUND_ALLOW);
  if (problem) return { ok: false, refused: true, detail: `refused: SMTP_URL ${problem}` };
  const u = new URL(smtpUrl);
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const target = await addressFor(host, Date.now() + CONNECT_TIMEOUT_MS);
  if (target && "ok" in target)
    return target.refused ? target : { ok: false, detail: "could not resolve the mail server" };
  const transport = nodemailer.createTransport({
    // Connect to the address that was checked; TLS still verifies the server's name.
    host: target?.address ?? host,
    port: u.port ? Number(u.port) : undefined,
    secure: u.protocol === "smtps:",
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    ...(literalAddress(host) ? {} : { tls: { servername: host } }),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mailHtml(mail.text),
      headers: mail.headers,
    });
    return { ok: true, detail: String(info.response ?? "accepted").slice(0, 300) };
  } catch (err) {
    return failure(err);
  } finally {
    transport.close();
  }
}
