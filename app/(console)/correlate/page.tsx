import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { mayOpen } from "@/lib/auth/pages";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { CorrelateView } from "@/components/correlate/correlate-view";

export const metadata: Metadata = { title: "Follow a request" };

export default async function CorrelatePage() {
  const { actor, denied } = await pageAccess("correlate");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Follow a request"
        description="One request's or trace's path through the edge, the control plane and the tenant's workload, in time order. A tenant's own lines appear once you state why you are reading them; that read is in the tenant's audit log."
      />
      <CorrelateView canPin={holds(actor.grants, "incidents:write")} traces={mayOpen(actor.grants, "traces")} />
    </>
  );
}
