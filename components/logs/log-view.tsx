"use client";

// An org's logs: the explorer over the org's log source, behind the stated-reason gate for operators.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { accessQuery, tenantLogSource } from "@/lib/client/queries/logs";
import { Skeleton } from "@/components/ui/page";
import { LogExplorer } from "./log-explorer";
import { ReasonBanner, ReasonGate } from "./reason-gate";

export function LogView({ org, orgName, needsReason }: { org: string; orgName: string; needsReason: boolean }) {
  const source = useMemo(() => tenantLogSource(org), [org]);
  const access = useQuery({ ...accessQuery(org), enabled: needsReason });
  if (needsReason) {
    if (access.isPending) return <Skeleton rows={4} />;
    if (!access.data?.access) return <ReasonGate org={org} orgName={orgName} />;
  }
  return (
    <>
      {needsReason && access.data?.access && <ReasonBanner org={org} reason={access.data.access.reason} expiresAt={access.data.access.expires_at} />}
      <LogExplorer source={source} />
    </>
  );
}
