import { describe, expect, it } from "vitest";
import {
  channelsFor,
  describeChannels,
  DEFAULT_NOTIFY_CHANNELS as RULES,
  nextWorkingStart,
  parseNotifyChannels,
  withinWorkingHours,
} from "./channels";

const all = {
  slack_webhook_url: "https://chat.example/hook",
  webhook_url: "https://pager.example/hook",
  email: "olivia@example.com",
  sms_webhook_url: "https://sms.example/hook",
};

describe("the channels a notification goes by", () => {
  it("critical: every channel the person has, SMS included", () => {
    expect(channelsFor({ severity: "critical", kind: "page", contact: all, rule: RULES.critical })).toEqual({
      channels: ["chat", "webhook", "email", "sms"],
      fallback: null,
    });
  });

  it("high and medium: chat and email; low: email only", () => {
    for (const severity of ["high", "medium"] as const)
      expect(channelsFor({ severity, kind: "page", contact: all, rule: RULES[severity] }).channels).toEqual([
        "chat",
        "email",
      ]);
    expect(channelsFor({ severity: "low", kind: "ticket", contact: all, rule: RULES.low }).channels).toEqual(["email"]);
  });

  it("a ticket never goes by SMS, even when critical", () => {
    expect(channelsFor({ severity: "critical", kind: "ticket", contact: all, rule: RULES.critical }).channels).toEqual([
      "chat",
      "webhook",
      "email",
    ]);
    const smsOnly = { sms_webhook_url: all.sms_webhook_url };
    expect(channelsFor({ severity: "critical", kind: "ticket", contact: smsOnly, rule: RULES.critical })).toEqual({
      channels: [],
      fallback: expect.stringContaining("paging webhook"),
    });
  });

  it("falls back to the person's other channels but SMS, then to the paging webhook, and says so", () => {
    const webhookAndSms = { webhook_url: all.webhook_url, sms_webhook_url: all.sms_webhook_url };
    expect(channelsFor({ severity: "high", kind: "page", contact: webhookAndSms, rule: RULES.high })).toEqual({
      channels: ["webhook"],
      fallback: "none of high's channels (chat, email) set: sent by webhook instead",
    });
    expect(channelsFor({ severity: "low", kind: "page", contact: {}, rule: RULES.low })).toEqual({
      channels: [],
      fallback: "none of low's channels (email) set: sent to the platform's paging webhook",
    });
  });

  it("follows a configured rule", () => {
    const { rules } = parseNotifyChannels("high=webhook+sms");
    expect(channelsFor({ severity: "high", kind: "page", contact: all, rule: rules.high }).channels).toEqual([
      "webhook",
      "sms",
    ]);
  });
});

describe("NOTIFY_CHANNELS", () => {
  it("reads over the defaults", () => {
    const { rules, problems } = parseNotifyChannels("low=chat+email, medium=email@working-hours");
    expect(problems).toEqual([]);
    expect(rules.low).toEqual({ channels: ["chat", "email"], workingHours: false });
    expect(rules.medium).toEqual({ channels: ["email"], workingHours: true });
    expect(rules.critical).toEqual(RULES.critical);
  });

  it("names each part it cannot read", () => {
    const { problems } = parseNotifyChannels("high=pager,urgent=email,low=email@weekends,medium");
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain("'high=pager' is not like high=chat+email");
    expect(problems[1]).toContain("'urgent=email'");
    expect(problems[2]).toContain("'low=email@weekends'");
  });
});

describe("working hours", () => {
  const berlin = { timeZone: "Europe/Berlin", workStartHour: 9, workEndHour: 17 };
  const at = (iso: string) => Date.parse(iso);

  it("are the team's local hours, Monday to Friday", () => {
    expect(withinWorkingHours(at("2026-03-27T08:00:00Z"), berlin)).toBe(true); // Fri 09:00 CET
    expect(withinWorkingHours(at("2026-03-27T07:59:00Z"), berlin)).toBe(false);
    expect(withinWorkingHours(at("2026-03-27T16:00:00Z"), berlin)).toBe(false); // 17:00: the end is out
    expect(withinWorkingHours(at("2026-03-28T12:00:00Z"), berlin)).toBe(false); // Saturday
  });

  it("follow the zone's DST change", () => {
    // Europe moves to summer time on Sunday 2026-03-29: 09:00 in Berlin is 08:00 UTC before, 07:00 after.
    expect(withinWorkingHours(at("2026-03-30T07:00:00Z"), berlin)).toBe(true);
    expect(withinWorkingHours(at("2026-03-27T07:00:00Z"), berlin)).toBe(false);
  });

  it("next begin after the weekend, at the local start across a DST change", () => {
    expect(new Date(nextWorkingStart(at("2026-03-27T16:30:00Z"), berlin)).toISOString()).toBe(
      "2026-03-30T07:00:00.000Z",
    );
    expect(new Date(nextWorkingStart(at("2026-03-30T05:00:00Z"), berlin)).toISOString()).toBe(
      "2026-03-30T07:00:00.000Z",
    );
    const ny = { timeZone: "America/New_York", workStartHour: 8, workEndHour: 18 };
    expect(new Date(nextWorkingStart(at("2026-03-06T23:30:00Z"), ny)).toISOString()).toBe("2026-03-09T12:00:00.000Z");
  });

  it("a notice within them goes now", () => {
    const now = at("2026-03-31T10:00:00Z");
    expect(nextWorkingStart(now, berlin)).toBe(now);
  });
});

describe("the line the On call page shows", () => {
  it("says which severities use which channels", () => {
    expect(describeChannels(RULES)).toBe(
      "Critical: chat, webhook, email, SMS · High: chat, email · Medium: chat, email · Low: email (working hours)",
    );
  });
});
