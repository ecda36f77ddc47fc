import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { listResponders } from "@/lib/auth/users";
import { holds } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { approverChoices } from "@/lib/maintenance";
import { metricsRegions } from "@/lib/metrics/known-regions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { MaintenanceView } from "@/components/maintenance/maintenance-view";

export const metadata: Metadata = { title: "Maintenance" };

export default async function MaintenancePage() {
  const { actor, denied } = await pageAccess("maintenance");
  if (denied) return <Forbidden what={denied} />;
  const [responders, approvers] = await Promise.all([listResponders(), approverChoices()]);
  const names = Object.fromEntries([...responders, ...approvers].map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Maintenance"
        description="Planned work on services and regions: while it runs their alerts notify nobody, and /status announces it."
      />
      <MaintenanceView
        names={names}
        canWrite={holds(actor.grants, "incidents:write")}
        form={{
          regions: metricsRegions(),
          noticeHours: env().MAINTENANCE_NOTICE_HOURS,
          maxMinutes: env().MAINTENANCE_MAX_MINUTES,
          approvers,
        }}
      />
    </>
  );
}
