import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { segment } from "@/lib/text";
import { routeOrg } from "@/lib/events/describe";
import { orgAsSeenBy } from "@/lib/orgs";
import { ApiError } from "@/lib/http/errors";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { RouteView } from "@/components/events/route-view";

export async function generateMetadata({ params }: { params: Promise<{ route: string }> }): Promise<Metadata> {
  return { title: `Route ${segment((await params).route)}` };
}

export default async function RoutePage({ params }: { params: Promise<{ route: string }> }) {
  const route = segment((await params).route);
  const { actor, denied } = await pageAccess("platformEvents");
  if (denied) return <Forbidden what={denied} />;
  // Whose workload it is: reading it asks an operator who is not a member for a reason (none known: the view says so).
  const org = await routeOrg(route).then(
    (o) => orgAsSeenBy(actor, o),
    (err: unknown) => {
      if (err instanceof ApiError) return null;
      throw err;
    },
  );
  return (
    <>
      <PageHeader
        title={`Route ${route}`}
        description="Its backends and their state, and its edge config on every node."
      />
      <RouteView route={route} org={org} />
    </>
  );
}
