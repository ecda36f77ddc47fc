import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { mayOpen } from "@/lib/auth/pages";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { PlatformLogView } from "@/components/logs/platform-log-view";

export const metadata: Metadata = { title: "Platform logs" };

export default async function PlatformLogsPage() {
  const { actor, denied } = await pageAccess("platformLogs");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Platform logs"
        description="The platform's own components — edge, control plane, scheduler, projector, agents — by region, node and host. Every read is on the platform's audit record."
      />
      <PlatformLogView traces={mayOpen(actor.grants, "traces")} />
    </>
  );
}
