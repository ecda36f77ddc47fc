import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { segment } from "@/lib/text";
import { instanceOrg } from "@/lib/events/describe";
import { orgAsSeenBy } from "@/lib/orgs";
import { ApiError } from "@/lib/http/errors";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { InstanceView } from "@/components/events/instance-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Instance ${segment((await params).id)}` };
}

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const id = segment((await params).id);
  const { actor, denied } = await pageAccess("platformEvents");
  if (denied) return <Forbidden what={denied} />;
  // Whose workload it is: reading it asks an operator who is not a member for a reason (none known: the view says so).
  const org = await instanceOrg(id).then(
    (o) => orgAsSeenBy(actor, o),
    (err: unknown) => {
      if (err instanceof ApiError) return null;
      throw err;
    },
  );
  return (
    <>
      <PageHeader
        title={`Instance ${id}`}
        description="Its lifecycle from the platform's events, why it stopped, its resources near death, and its logs around each stop."
      />
      <InstanceView id={id} org={org} />
    </>
  );
}
