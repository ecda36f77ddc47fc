import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { DashboardTiles } from "@/components/dashboards/dashboard-tiles";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  const actor = await requireActor();
  if (!holds(actor.grants, "dashboards:read")) return <Forbidden what="Platform dashboards are for operators." />;
  return (
    <>
      <PageHeader title="Dashboards" description="The minimum set: is anyone hurt, and where. Each tile shows its state now." />
      <DashboardTiles />
    </>
  );
}
