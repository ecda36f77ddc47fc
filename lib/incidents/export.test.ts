// The postmortem Markdown against a checked-in golden file, from an incident whose every field holds
// text that would break an unescaped document. UPDATE_GOLDEN=1 rewrites the file after a deliberate change.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postmortemMarkdown, type PostmortemInput } from "./export";

const GOLDEN = path.join(import.meta.dirname, "golden/postmortem.md");

const incident: PostmortemInput["incident"] = {
  id: "inc_golden",
  ref: "INC-7",
  title: "Edge 5xx | *everything* is [down](https://evil.example)\n# and a heading",
  severity: "sev1",
  status: "mitigated",
  commander_id: "usr_ic",
  roles: { comms_lead: "usr_pipe" },
  services: ["edge", "api|gw"],
  regions: ["eu-west"],
  summary: "Config push `edge-42` broke TLS.\n\n- not a list\n> not a quote\n<img src=x onerror=alert(1)>",
  declared_by: "usr_ic",
  declared_at: "2026-11-27T12:30:00.000Z",
  impact_started_at: "2026-11-27T12:28:00.000Z",
  mitigated_at: "2026-11-27T12:52:00.000Z",
  resolved_at: null,
  updated_at: "2026-11-27T12:52:00.000Z",
  last_entry_at: "2026-11-27T12:52:00.000Z",
  stale: false,
  freezes_deploys: false,
  customer_update_every_minutes: 30,
};

const entry = (
  id: string,
  kind: string,
  body: string,
  occurred: string,
  extra: Partial<PostmortemInput["entries"][number]> = {},
) => ({
  id,
  incident_id: "inc_golden",
  kind,
  body,
  data: {},
  occurred_at: occurred,
  recorded_at: occurred,
  author_id: "usr_ic",
  corrects: null,
  corrected_by: [],
  ...extra,
});

const input: PostmortemInput = {
  incident,
  entries: [
    entry("1", "impact", "TLS handshakes fail for ~8% of eu-west | connects", "2026-11-27T12:28:00.000Z"),
    entry("2", "note", "Suspect *edge-42*\nline two | with pipe", "2026-11-27T12:31:00.000Z", {
      recorded_at: "2026-11-27T12:33:10.000Z",
    }),
    entry("3", "evidence", "edge dashboard", "2026-11-27T12:35:00.000Z", {
      data: {
        url: "/dashboards/edge?from=2026-11-27T12:00:00Z&to=2026-11-27T13:00:00Z&region=eu-west",
        label: "edge [5xx] (eu-west)",
      },
    }),
    entry("4", "evidence", "a trap", "2026-11-27T12:36:00.000Z", {
      data: { url: "javascript:alert(1)", label: "click ](me)" },
    }),
    entry("5", "note", "wrong time", "2026-11-27T12:37:00.000Z"),
    entry("6", "note", "right time", "2026-11-27T12:38:00.000Z", { corrects: "5" }),
    entry("7", "status_update", "Rolling back edge-42 now", "2026-11-27T12:40:00.000Z", {
      data: { audience: "internal" },
    }),
    entry("8", "status_update", "Some connections in Europe fail; we are fixing it.", "2026-11-27T12:41:00.000Z", {
      data: { audience: "customer" },
    }),
  ],
  followUps: [
    {
      id: "fu_1",
      incident_id: "inc_golden",
      title: "Canary edge config | pushes",
      owner_id: "usr_pipe",
      due: "2026-12-05",
      ticket_url: "https://tickets.example/OPS-1 (x)",
      kind: null,
      status: "open",
      created_at: "2026-11-27T13:00:00.000Z",
      done_at: null,
    },
  ],
  people: new Map([
    ["usr_ic", "Ines *IC* Costa"],
    ["usr_pipe", "Pat | Pipe"],
  ]),
  baseUrl: "https://console.example",
  now: Date.parse("2026-11-27T14:00:00.000Z"),
};

describe("postmortem markdown", () => {
  const md = postmortemMarkdown(input);

  it("matches the golden document", () => {
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, md);
    expect(md).toBe(fs.readFileSync(GOLDEN, "utf8"));
  });

  it("keeps every table row to its columns and lets no user text start a heading, quote or list", () => {
    const unescapedPipes = (l: string) => (l.replace(/\\\\/g, "").match(/(?<!\\)\|/g) ?? []).length;
    for (const l of md.split("\n").filter((l) => l.startsWith("| #") || /^\| \d{4}-/.test(l)))
      expect(unescapedPipes(l)).toBe(6);
    const headings = md.split("\n").filter((l) => l.startsWith("#"));
    expect(headings).toEqual([
      expect.stringMatching(/^# INC-7: /),
      "## Summary",
      "## Impact",
      "## What customers were told",
      "## Timeline (UTC)",
      "## Follow-ups",
    ]);
    const summary = md.slice(md.indexOf("## Summary"), md.indexOf("## Impact")).split("\n").slice(1);
    expect(summary.filter((l) => /^\s*[->]\s/.test(l))).toEqual([]);
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).not.toContain("](javascript:");
  });

  it("tells customer updates from internal ones, and lists what customers were told", () => {
    const told = md.slice(md.indexOf("## What customers were told"), md.indexOf("## Timeline"));
    expect(told).toContain("Some connections in Europe fail");
    expect(told).not.toContain("Rolling back");
    expect(md).toMatch(/\| internal update \| .* \| #7 Rolling back/);
    expect(md).toMatch(/\| customer update \| .* \| #8 Some connections/);
  });

  it("links absolutely to the console and to the evidence's exact window", () => {
    expect(md).toContain(
      "(https://console.example/dashboards/edge?from=2026-11-27T12:00:00Z&to=2026-11-27T13:00:00Z&region=eu-west)",
    );
    expect(md).toContain("(https://console.example/incidents/INC-7)");
  });

  it("with a written postmortem: its sections in order, changes before impact, action items' kinds and corrections", () => {
    const written = postmortemMarkdown({
      ...input,
      followUps: input.followUps.map((f) => ({ ...f, kind: "prevent" as const })),
      postmortem: {
        status: "published",
        version: 4,
        review_meeting_at: "2026-11-30T15:00:00.000Z",
        sections: { root_cause: "A cipher list without the clients' ciphers.", lessons: "# not a heading" },
        changes: [
          {
            started_at: "2026-11-27T11:50:00.000Z",
            kind: "config",
            service: "edge",
            summary: "edge-42 TLS",
            actor: "ci-bot",
          },
        ],
        corrections: [
          { at: "2026-12-01T09:00:00.000Z", section: "root_cause", body: "also eu-west", author_id: "usr_pipe" },
        ],
      },
    });
    const order = [
      "## Summary",
      "## Impact",
      "## Detection",
      "## Root cause",
      "## Contributing factors",
      "## What went well",
      "## What went badly",
      "## Where we got lucky",
      "## Lessons learned",
      "## Changes before impact",
      "## Timeline (UTC)",
      "## Action items",
      "## Corrections (after publishing)",
    ];
    const at = order.map((h) => written.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(written).toContain("| Postmortem | published, version 4 |");
    expect(written).toContain("A cipher list without the clients' ciphers.");
    expect(written).toContain("\\# not a heading");
    expect(written).toContain("**prevent** Canary edge config");
    expect(written).toMatch(/- .*: config of edge by ci-bot — edge-42 TLS/);
  });
});
