import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { DEMO, LoginPage } from "./pages/login-page";
import { OnCallPage } from "./pages/oncall-page";

test("a person sets their chat and email, sees which severities use which, and tests each channel", async ({
  page,
}) => {
  const got: unknown[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push(JSON.parse(body || "{}"));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/chat`;
  try {
    await new LoginPage(page).signInAs(DEMO.ic);
    const oncall = new OnCallPage(page);
    await oncall.open();
    await expect(oncall.contact()).toContainText("Critical: chat, webhook, email, SMS");
    await expect(oncall.contact()).toContainText("You are emailed only at the address you set here.");
    await expect(oncall.contact().getByLabel("SMS/phone gateway — critical alerts only")).toBeVisible();
    await oncall.saveContact({ "Chat (Slack-compatible webhook)": url, Email: "ian@example.com" });
    const results = await oncall.sendTest();
    await expect(results).toContainText("Chat (Slack-compatible webhook): delivered (HTTP 200)");
    // The demo has no mail server: email says so rather than failing silently.
    await expect(results).toContainText("Email: failed — not configured (SMTP_URL, SMTP_FROM)");
    expect(got).toEqual([{ text: expect.stringContaining("Test notification from Ops Console") }]);
  } finally {
    receiver.close();
  }
});
