import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { TraceSearch } from "@/components/traces/trace-search";

export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage() {
  const { denied } = await pageAccess("traces");
  if (denied) return <Forbidden what={denied} />;
  return (
    <>
      <PageHeader
        title="Traces"
        description="Requests and loops of the platform's components as trees of timed spans: which one spent the time, which one failed first. Every trace with an error or a slow span is kept, a share of the rest."
      />
      <TraceSearch />
    </>
  );
}
