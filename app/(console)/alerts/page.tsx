import type { Metadata } from "next";
import { Suspense } from "react";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AlertList } from "@/components/alerts/alert-list";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const actor = await requireActor();
  if (!holds(actor.grants, "alerts:write")) return <Forbidden what="Alerts are for on-call engineers." />;
  return (
    <>
      <PageHeader title="Alerts" description="Pages and tickets from Alertmanager, open first. A page without a runbook link or summary arrives as a ticket, flagged." />
      <Suspense>
        <AlertList />
      </Suspense>
    </>
  );
}
