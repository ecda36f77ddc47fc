import type { Metadata } from "next";
import { Suspense } from "react";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AlertList } from "@/components/alerts/alert-list";
import { RuleStates } from "@/components/alerts/rule-states";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const { actor, denied } = await pageAccess("alerts");
  if (denied) return <Forbidden what={denied} />;
  const people = Object.fromEntries((await listResponders()).map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Pages and tickets from Alertmanager, open first. A page without a runbook link or summary arrives as a ticket, flagged."
      />
      <Suspense>
        <AlertList people={people} />
      </Suspense>
      {holds(actor.grants, "dashboards:read") && (
        <section aria-labelledby="rules-heading" className="mt-8">
          <h2 id="rules-heading" className="mb-2 font-medium">
            Alert rules and their state now
          </h2>
          <RuleStates />
        </section>
      )}
    </>
  );
}
