"use client";

// An org's logs: the explorer over the org's log source, behind the stated-reason gate for operators,
// with the org's own releases marked between the lines.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { accessQuery, tenantLogSource } from "@/lib/client/queries/logs";
import { orgChangesQuery } from "@/lib/client/queries/changes";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { RELEASE_KINDS, releaseText } from "@/lib/changes/rules";
import { Skeleton } from "@/components/ui/page";
import { LogExplorer } from "./log-explorer";
import type { LogMarker } from "./log-list";
import { ReasonBanner, ReasonGate } from "./reason-gate";

export function LogView({
  org,
  orgName,
  needsReason,
  correlate,
}: {
  org: string;
  orgName: string;
  needsReason: boolean;
  correlate: boolean;
}) {
  const source = useMemo(() => tenantLogSource(org), [org]);
  const access = useQuery({ ...accessQuery(org), enabled: needsReason });
  const allowed = !needsReason || Boolean(access.data?.access);
  const markers = useReleaseMarkers(org, allowed);
  if (needsReason) {
    if (access.isPending) return <Skeleton rows={4} />;
    if (!access.data?.access) return <ReasonGate org={org} orgName={orgName} />;
  }
  return (
    <>
      {needsReason && access.data?.access && (
        <ReasonBanner org={org} reason={access.data.access.reason} expiresAt={access.data.access.expires_at} />
      )}
      <LogExplorer source={source} markers={markers} correlate={correlate} />
    </>
  );
}

/** The org's releases in the view's window (of the apps and envs it shows), as markers. */
function useReleaseMarkers(org: string, enabled: boolean): LogMarker[] {
  const { params } = useUrlFilters();
  const apps = params.getAll("app");
  const envs = params.getAll("env");
  const q = useQuery({
    ...orgChangesQuery(org, {
      kind: [...RELEASE_KINDS],
      from: params.get("start") ?? "1h",
      to: params.get("end") ?? undefined,
    }),
    enabled,
  });
  return (q.data?.changes ?? [])
    .filter(
      (c) =>
        (!apps.length || (c.app_id && apps.includes(c.app_id))) &&
        (!envs.length || (c.env_id && envs.includes(c.env_id))),
    )
    .map((c) => ({ id: `change-${c.id}`, at: c.started_at, text: releaseText(c), href: c.url }));
}
