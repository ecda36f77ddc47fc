import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { listResponders } from "@/lib/auth/users";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader, Panel } from "@/components/ui/page";
import { CatalogEditor } from "@/components/catalog/catalog-editor";
import { TeamForm } from "@/components/catalog/team-form";
import { SERVICES, SERVICE_LABELS } from "@/lib/metrics/services";
import { DASHBOARDS } from "@/lib/metrics/dashboards";
import { SLOS } from "@/lib/metrics/slo";
import { listRunbooks } from "@/lib/runbooks";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const { actor, denied } = await pageAccess("services");
  if (denied) return <Forbidden what={denied} />;
  const isAdmin = holds(actor.grants, "admin");
  const [runbooks, people] = await Promise.all([listRunbooks(), listResponders()]);
  return (
    <>
      <PageHeader
        title="Services"
        description="Which team owns each service: its alerts page that team's rotation. A service with no owner pages the platform team."
      />
      <div className="space-y-6">
        <CatalogEditor
          services={SERVICES.map((s) => [s, SERVICE_LABELS[s]] as const)}
          runbooks={runbooks.map((r) => [r.slug, r.title] as const)}
          dashboards={DASHBOARDS.map((d) => [d.slug, d.title] as const)}
          slos={SLOS.map((s) => [s.id, s.name] as const)}
          people={Object.fromEntries(people.map((p) => [p.id, p.name]))}
          isAdmin={isAdmin}
        />
        {isAdmin && (
          <Panel className="p-4">
            <h2 className="mb-2 font-medium">Add a team</h2>
            <TeamForm />
          </Panel>
        )}
      </div>
    </>
  );
}
