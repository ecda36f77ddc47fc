import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { listResponders } from "@/lib/auth/users";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { OnCallView } from "@/components/oncall/oncall-view";
import { env } from "@/lib/env";
import { describeChannels } from "@/lib/escalation/channels";

export const metadata: Metadata = { title: "On call" };

export default async function OnCallPage() {
  const { actor, denied } = await pageAccess("oncall");
  if (denied) return <Forbidden what={denied} />;
  const people = Object.fromEntries((await listResponders()).map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="On call"
        description="Every team's on call now; one team's rotation at a time: who holds each layer now and this week, and overrides that take a shift or part of one."
      />
      <OnCallView
        people={people}
        me={actor.user.id}
        canWrite={holds(actor.grants, "incidents:write")}
        isAdmin={holds(actor.grants, "admin")}
        channels={describeChannels(env().NOTIFY_CHANNELS)}
      />
    </>
  );
}
