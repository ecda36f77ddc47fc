import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { DashboardTiles } from "@/components/dashboards/dashboard-tiles";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  const { denied } = await pageAccess("dashboards");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Dashboards"
        description="The minimum set: is anyone hurt, and where. Each tile shows its state now."
      />
      <DashboardTiles />
    </>
  );
}
