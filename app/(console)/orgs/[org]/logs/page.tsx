import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { LogView } from "@/components/logs/log-view";
import { orgAsSeenBy } from "@/lib/orgs";
import { mayOpen } from "@/lib/auth/pages";

export const metadata: Metadata = { title: "Logs" };

export default async function OrgLogsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { actor, denied } = await pageAccess("orgLogs", org);
  // The same answer whether or not the org exists.
  if (denied) return <Forbidden what={denied} />;
  const { name, member } = await orgAsSeenBy(actor, org);
  return (
    <>
      <PageHeader
        title={`${name} · logs`}
        description={
          member
            ? "Your workloads' logs by app, environment, process and instance. Every read is recorded in your org's audit log."
            : `${name}'s workload logs. Every read is recorded, with your reason, in ${name}'s audit log.`
        }
      />
      <LogView
        org={org}
        orgName={name}
        needsReason={!member}
        correlate={mayOpen(actor.grants, "correlate")}
        traces={mayOpen(actor.grants, "traces")}
      />
    </>
  );
}
