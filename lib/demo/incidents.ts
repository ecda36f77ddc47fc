// The demo's incidents: an ongoing SEV1 with a working timeline, and resolved history with follow-ups.
import { count } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { followUps, incidents, timelineEntries } from "@/lib/db/schema";
import { toolEnv } from "@/lib/env";
import type { FollowUpStatus } from "@/lib/vocabulary";
import { createPlatform } from "@/lib/simulator";
import { edgeConfigVersion } from "@/lib/simulator/changes";
import { platformLines } from "@/lib/simulator/platform-logs";
import { changesHref, platformLogsHref } from "@/lib/metrics/investigate";
import { correlateHref } from "@/lib/correlate/links";

/** One demo incident: its row, timeline entries (minutes ago, kind, body, author, data) and follow-ups. */
type DemoIncident = typeof incidents.$inferInsert & {
  timeline: readonly (readonly [
    minAgo: number,
    kind: string,
    body: string,
    author: string,
    data: Record<string, unknown>,
  ])[];
  followUps?: readonly (readonly [title: string, owner: string, status: FollowUpStatus])[];
};

const MIN = 60_000;

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/**
 * One request of the demo's edge degradation that the simulator follows into acme's or globex's
 * workload (lib/simulator/platform-logs), to show its path from the SEV1's timeline.
 */
function followedRequest(seed: number, now: number): { id: string; at: string } | null {
  const p = createPlatform({ seed, anchor: now });
  const line = platformLines(p, now - 50 * MIN, now - 44 * MIN, { background: false }).tenant[0];
  return line?.request_id ? { id: line.request_id, at: line.ts } : null;
}

/**
 * An ongoing Sev1 (edge connect degradation in eu-west) with a working timeline, and resolved history —
 * placed where the simulator's scenarios put them (the seed time is the simulator's anchor), its
 * evidence pointing at the simulator's changes, platform logs and one followed request.
 */
export async function seedDemoIncidents(db: Db, now = Date.now(), seed = toolEnv().SIMULATOR_SEED) {
  const [row] = await db.select({ n: count() }).from(incidents);
  if ((row?.n ?? 0) > 0) return;
  const at = (minAgo: number) => new Date(now - minAgo * MIN);
  const push = at(64);
  const edge = { services: ["edge"], regions: ["eu-west"] };
  const request = followedRequest(seed, now);
  const demo: DemoIncident[] = [
    {
      id: "inc_demo_edge",
      title: "Edge connect failures in eu-west",
      severity: "sev1",
      status: "identified",
      commanderId: "usr_ic",
      roles: { scribe: "usr_oncall" },
      services: ["edge"],
      regions: ["eu-west"],
      summary: `TLS handshakes to eu-west edge nodes fail for a share of connections (no shared cipher) since the ${hhmm(push)} UTC edge config push ${edgeConfigVersion(push.getTime())}; the rollback is under way.`,
      declaredBy: "usr_oncall",
      declaredAt: at(52),
      impactStartedAt: at(61),
      timeline: [
        [52, "declared", "Declared SEV1: Edge connect failures in eu-west", "usr_oncall", {}],
        [
          61,
          "impact",
          "Edge connect success in eu-west fell from 99.95% to 96.8%; customers report intermittent 503s.",
          "usr_oncall",
          {},
        ],
        [
          50,
          "role_change",
          "Incident commander none → usr_ic",
          "usr_oncall",
          { role: "commander", from: null, to: "usr_ic" },
        ],
        [
          47,
          "evidence",
          "Connect failures begin two minutes after the config push.",
          "usr_oncall",
          {
            url: `/dashboards/edge?region=eu-west&from=${at(90).toISOString()}&to=${at(40).toISOString()}`,
            label: "Edge dashboard, eu-west",
          },
        ],
        [
          46,
          "evidence",
          `The edge config push ${edgeConfigVersion(push.getTime())} to eu-west at ${hhmm(push)} UTC, two minutes before connect failures began.`,
          "usr_oncall",
          {
            url: changesHref({ ...edge, from: at(70).getTime(), to: at(60).getTime() }),
            label: "Edge config push to eu-west",
          },
        ],
        [
          44,
          "evidence",
          "Edge nodes in eu-west log TLS handshake failures (no shared cipher) from the push on; edge-eu-west-3 and -7 the most.",
          "usr_oncall",
          {
            url: platformLogsHref({ ...edge, from: at(66).getTime(), to: at(44).getTime() }, "error"),
            label: "Edge errors in eu-west",
          },
        ],
        ...(request
          ? ([
              [
                43,
                "evidence",
                "One failed request followed from the edge into the tenant's app: it answered after the edge had given up.",
                "usr_oncall",
                { url: correlateHref({ request_id: request.id }, request.at), label: `Request ${request.id}` },
              ],
            ] as const)
          : []),
        [41, "action", "Drained edge-eu-west-3 and -7 (highest reset rate).", "usr_oncall", {}],
        [
          35,
          "status_change",
          "Status investigating → identified",
          "usr_ic",
          { from: "investigating", to: "identified" },
        ],
        [
          33,
          "decision",
          `Roll back the edge config to ${edgeConfigVersion(push.getTime() - 6 * 60 * MIN)} region by region, eu-west first.`,
          "usr_ic",
          {},
        ],
        [
          28,
          "runbook_deviation",
          "Skipping the 15-minute canary soak: the rollback restores the known-good config.",
          "usr_ic",
          { runbook: "RB-EDGE-04 config rollout" },
        ],
        [12, "note", "Rollback 60% through eu-west; success rate recovering (98.3%).", "usr_oncall", {}],
      ] as const,
    },
    {
      id: "inc_demo_lag",
      title: "Projection lag delayed app status in the dashboard",
      severity: "sev2",
      status: "resolved",
      commanderId: "usr_oncall",
      roles: {},
      services: ["projector"],
      regions: ["us-east"],
      summary:
        "The projection consumer stalled on a poison event for 25 minutes; app status pages showed stale states.",
      declaredBy: "usr_oncall",
      declaredAt: at(3 * 1440 + 200),
      impactStartedAt: at(3 * 1440 + 215),
      mitigatedAt: at(3 * 1440 + 180),
      resolvedAt: at(3 * 1440 + 150),
      timeline: [
        [
          3 * 1440 + 200,
          "declared",
          "Declared SEV2: Projection lag delayed app status in the dashboard",
          "usr_oncall",
          {},
        ],
        [3 * 1440 + 190, "action", "Skipped the poison event and restarted the projection consumer.", "usr_oncall", {}],
        [
          3 * 1440 + 180,
          "status_change",
          "Status investigating → mitigated",
          "usr_oncall",
          { from: "investigating", to: "mitigated" },
        ],
        [
          3 * 1440 + 150,
          "status_change",
          "Status mitigated → resolved",
          "usr_oncall",
          { from: "mitigated", to: "resolved" },
        ],
      ] as const,
      followUps: [
        ["Dead-letter poison events instead of blocking the consumer", "usr_oncall", "open"],
        ["Alert on projection lag > 60 s", "usr_ic", "done"],
      ] as const,
    },
    {
      id: "inc_demo_host",
      title: "Host failure wave in ap-south drained 14 hosts",
      severity: "sev1",
      status: "resolved",
      commanderId: "usr_ic",
      roles: { communications: "usr_admin" },
      services: ["agent"],
      regions: ["ap-south"],
      summary:
        "Kernel 6.1.112 (rollout wave 3) panicked on one hardware generation and rebooted hosts in a rolling wave; microVMs restarted elsewhere.",
      declaredBy: "usr_ic",
      declaredAt: at(9 * 1440),
      impactStartedAt: at(9 * 1440 + 10),
      mitigatedAt: at(9 * 1440 - 45),
      resolvedAt: at(9 * 1440 - 120),
      timeline: [
        [9 * 1440, "declared", "Declared SEV1: Host failure wave in ap-south drained 14 hosts", "usr_ic", {}],
        [9 * 1440 - 20, "decision", "Pause the kernel rollout fleet-wide.", "usr_ic", {}],
        [
          9 * 1440 - 45,
          "status_change",
          "Status investigating → mitigated",
          "usr_ic",
          { from: "investigating", to: "mitigated" },
        ],
        [
          9 * 1440 - 120,
          "status_change",
          "Status mitigated → resolved",
          "usr_ic",
          { from: "mitigated", to: "resolved" },
        ],
      ] as const,
      followUps: [["Stage kernel updates through a canary pool", "usr_ic", "open"]] as const,
    },
  ];
  await db.transaction(async (tx) => {
    for (const d of demo) {
      const { timeline, followUps: fus = [], ...incident } = d;
      await tx.insert(incidents).values({ ...incident, updatedAt: new Date(now) });
      for (const [minAgo, kind, body, author, data] of timeline) {
        await tx.insert(timelineEntries).values({
          incidentId: d.id,
          kind,
          body,
          data: { ...data },
          occurredAt: at(minAgo),
          recordedAt: at(Math.max(0, minAgo - 1)),
          authorId: author,
        });
      }
      for (const [i, [title, owner, status]] of fus.entries()) {
        await tx.insert(followUps).values({
          id: `fu_demo_${d.id}_${i}`,
          incidentId: d.id,
          title,
          ownerId: owner,
          status,
          createdBy: d.declaredBy,
          doneAt: status === "done" ? new Date(now) : null,
        });
      }
    }
  });
}
