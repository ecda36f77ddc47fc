import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { IncidentList } from "@/components/incidents/incident-list";
import { metricsRegions } from "@/lib/metrics/known-regions";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  const { actor, denied } = await pageAccess("incidents");
  if (denied) return <Forbidden what={denied} />;
  const people = Object.fromEntries((await listResponders()).map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Open incidents first. A timeline older than 30 minutes is flagged stale."
      />
      <IncidentList
        people={people}
        me={actor.user.id}
        canWrite={holds(actor.grants, "incidents:write")}
        regions={metricsRegions()}
      />
    </>
  );
}
