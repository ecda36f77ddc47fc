import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { listResponders } from "@/lib/auth/users";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { OnCallView } from "@/components/oncall/oncall-view";
import { env } from "@/lib/env";
import { describeChannels } from "@/lib/escalation/channels";
import { listTeams } from "@/lib/teams";
import { onCall } from "@/lib/oncall";
import { PLATFORM_TEAM } from "@/lib/vocabulary";

export const metadata: Metadata = { title: "On call" };

export default async function OnCallPage({ searchParams }: { searchParams: Promise<{ team?: string | string[] }> }) {
  const { actor, denied } = await pageAccess("oncall");
  if (denied) return <Forbidden what={denied} />;
  // Every team's on call comes with the page: it is the top of it, and arriving later would push the rest down.
  const asked = (await searchParams).team;
  const [responders, teams] = await Promise.all([listResponders(), listTeams()]);
  const shown = teams.teams.find((t) => t.id === (typeof asked === "string" && asked ? asked : PLATFORM_TEAM));
  // The chosen team's "now" and "next" too (the team list has them already, with the same reading).
  const now = shown ? await onCall(undefined, shown.id) : undefined;
  const people = Object.fromEntries(responders.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="On call"
        description="Every team's on call now; one team's rotation at a time: who holds each layer now and this week, and overrides that take a shift or part of one."
      />
      <OnCallView
        people={people}
        teams={teams}
        now={now}
        me={actor.user.id}
        canWrite={holds(actor.grants, "incidents:write")}
        isAdmin={holds(actor.grants, "admin")}
        channels={describeChannels(env().NOTIFY_CHANNELS)}
      />
    </>
  );
}
