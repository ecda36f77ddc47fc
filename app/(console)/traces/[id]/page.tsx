import type { Metadata } from "next";
import Link from "next/link";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { isTraceId } from "@/lib/traces/links";
import { EmptyState, Forbidden, PageHeader, Panel } from "@/components/ui/page";
import { TraceView } from "@/components/traces/trace-view";

export const metadata: Metadata = { title: "Trace" };

export default async function TracePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, denied } = await pageAccess("traces");
  if (denied) return <Forbidden what={denied} />;
  const id = (await params).id.toLowerCase();
  return (
    <>
      <PageHeader
        title="Trace"
        description={
          <>
            <span className="font-mono break-all">{id}</span> — where the time went: each span on the trace&apos;s time
            axis, the critical path marked.{" "}
            <Link className="underline" href="/traces">
              Search traces
            </Link>
          </>
        }
      />
      {isTraceId(id) ? (
        <TraceView id={id} canPin={holds(actor.grants, "incidents:write")} />
      ) : (
        <Panel>
          <EmptyState title="That is not a trace id">A trace id is 32 hexadecimal digits.</EmptyState>
        </Panel>
      )}
    </>
  );
}
