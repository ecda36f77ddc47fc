import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Org audit" };

export default async function OrgAuditPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { actor, denied } = await pageAccess("orgAudit", org);
  // The same answer whether or not the org exists.
  if (denied) return <Forbidden what={denied} />;
  const name = actor.orgs.find((o) => o.id === org)?.name ?? org;
  return (
    <>
      <PageHeader
        title={`${name} · audit`}
        description="Who did what in this org: token changes and every read of its logs, including by platform operators."
      />
      <AuditView org={org} />
    </>
  );
}
