import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AlertList } from "@/components/alerts/alert-list";
import { RuleStates } from "@/components/alerts/rule-states";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";
import { listAlerts } from "@/lib/alerts";
import { listAlertsEndpoint } from "@/lib/alerts/contract";
import { alertFilters, ALERT_PAGE } from "@/lib/alerts/rules";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const { actor, denied } = await pageAccess("alerts");
  if (denied) return <Forbidden what={denied} />;
  // The list's first page comes with the page, read as the API reads the same filters; filters the API
  // refuses are left to the client, which says why.
  const filters = alertFilters(
    new URLSearchParams(
      Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
    ),
  );
  const query = listAlertsEndpoint.query!.safeParse({ ...filters, limit: String(ALERT_PAGE) });
  const [responders, first] = await Promise.all([listResponders(), query.success ? listAlerts(query.data) : undefined]);
  const people = Object.fromEntries(responders.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Pages and tickets from Alertmanager, open first. A page without a runbook link or summary arrives as a ticket, flagged."
      />
      <AlertList people={people} initial={first && { filters, page: first }} />
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
