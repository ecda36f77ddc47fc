import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const { denied } = await pageAccess("audit");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, token change, tenant log read and operator action, newest first. Append-only."
      />
      <AuditView org={null} />
    </>
  );
}
