import type { Metadata } from "next";
import { Suspense } from "react";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const actor = await requireActor();
  if (!holds(actor.grants, "audit:read")) return <Forbidden what="The platform audit log is for operators and admins." />;
  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in, token change, tenant log read and operator action, newest first. Append-only." />
      <Suspense>
        <AuditView org={null} />
      </Suspense>
    </>
  );
}
