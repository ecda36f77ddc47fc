import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { CursorsView } from "@/components/events/cursors-view";
import { PlatformEventsView } from "@/components/events/platform-events-view";
import { listCursors } from "@/lib/events/read";

export const metadata: Metadata = { title: "Platform events" };

export default async function PlatformEventsPage() {
  const { denied } = await pageAccess("platformEvents");
  if (denied) return <Forbidden what={denied} />;
  // The consumers' table comes with the page: it is the top of it, and arriving later pushed the events down.
  const cursors = await listCursors();
  return (
    <>
      <PageHeader
        title="Platform events"
        description="The control plane's durable event stream: releases, instances, health checks, routes and edge applies — and whether every consumer keeps up with it. A tenant's workload needs your reason before its events show here."
      />
      <div className="space-y-6">
        <CursorsView initial={cursors} />
        <PlatformEventsView />
      </div>
    </>
  );
}
