// A real SMTP server on 127.0.0.1 (smtp-server from npm) that keeps every message it is sent: the envelope,
// the login, the headers and the decoded text. It takes the login ops / s3cret and refuses bounce@… with a 550.
import net from "node:net";
import { SMTPServer } from "smtp-server";

export interface Mail {
  from: string;
  to: string[];
  user: string | undefined;
  headers: Record<string, string>;
  raw: string;
}

/** The decoded text of a quoted-printable or 7-bit message (good enough to read its bodies). */
const decoded = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  ).toString("utf8");

export async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "ops" && auth.password === "s3cret") cb(null, { user: "ops" });
      else cb(new Error("bad credentials"));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith("bounce@"))
        cb(Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("latin1")));
      stream.on("end", () => {
        const head = raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, " ");
        const headers = Object.fromEntries(
          head.split("\r\n").map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
        );
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          headers,
          raw: decoded(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    mails,
    port,
    /** SMTP_URL for it, with the login it takes. */
    url: `smtp://ops:s3cret@127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type Smtp = Awaited<ReturnType<typeof startSmtp>>;
