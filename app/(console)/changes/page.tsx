import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { metricsRegions } from "@/lib/metrics";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { ChangesView } from "@/components/changes/changes-view";

export const metadata: Metadata = { title: "Changes" };

export default async function ChangesPage() {
  const { denied } = await pageAccess("changes");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Changes"
        description="Deploys, config pushes, flags, migrations and operator actions, newest first — what changed before it broke. Pipelines post them to /api/v1/changes with a changes:write token."
      />
      <ChangesView regions={metricsRegions()} />
    </>
  );
}
