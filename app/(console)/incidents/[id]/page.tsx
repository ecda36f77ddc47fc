import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";
import { listRunbooks } from "@/lib/runbooks";
import { getIncident } from "@/lib/incidents/lifecycle";
import { listTimeline } from "@/lib/incidents/timeline";
import { ApiError } from "@/lib/http/errors";
import { Forbidden } from "@/components/ui/page";
import { IncidentView } from "@/components/incidents/incident-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: (await params).id };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, denied } = await pageAccess("incidents");
  if (denied) return <Forbidden what={denied} />;
  // The incident and its timeline come with the page, so a phone paints them without a second round trip
  // after hydration; one the API refuses (not found) is left to the client, which says so.
  const [responders, runbooks, initial] = await Promise.all([
    listResponders(),
    listRunbooks(),
    Promise.all([getIncident(id), listTimeline(id)])
      .then(([incident, timeline]) => ({ ...incident, timeline }))
      .catch((err) => {
        if (err instanceof ApiError) return undefined;
        throw err;
      }),
  ]);
  const people = Object.fromEntries(responders.map((p) => [p.id, p.name]));
  return (
    <IncidentView
      id={id}
      people={people}
      me={actor.user.id}
      canWrite={holds(actor.grants, "incidents:write")}
      canReadPlatformLogs={holds(actor.grants, "platform-logs:read")}
      runbooks={runbooks}
      initial={initial}
    />
  );
}
