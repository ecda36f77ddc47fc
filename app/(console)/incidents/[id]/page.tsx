import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";
import { listRunbooks } from "@/lib/runbooks";
import { Forbidden } from "@/components/ui/page";
import { IncidentView } from "@/components/incidents/incident-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: (await params).id };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, denied } = await pageAccess("incidents");
  if (denied) return <Forbidden what={denied} />;
  const [responders, runbooks] = await Promise.all([listResponders(), listRunbooks()]);
  const people = Object.fromEntries(responders.map((p) => [p.id, p.name]));
  return (
    <IncidentView
      id={id}
      people={people}
      me={actor.user.id}
      canWrite={holds(actor.grants, "incidents:write")}
      canReadPlatformLogs={holds(actor.grants, "platform-logs:read")}
      runbooks={runbooks}
    />
  );
}
