"use client";

// An org's logs: the explorer over the org's log source, behind the stated-reason gate for operators,
// with the org's own releases and its instances' trouble (from the platform's events) marked between the lines.
import { envHref, instanceHref } from "@/lib/events/links";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { tenantLogSource } from "@/lib/client/queries/logs";
import { orgEventsQuery } from "@/lib/client/queries/events";
import { eventWords, isTrouble } from "@/lib/events/words";
import { orgChangesQuery } from "@/lib/client/queries/changes";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { RELEASE_KINDS, releaseText } from "@/lib/changes/rules";
import { LogExplorer } from "./log-explorer";
import type { LogMarker } from "./log-list";
import { WithReason } from "./reason-gate";

export function LogView({
  org,
  orgName,
  needsReason,
  correlate,
  traces,
}: {
  org: string;
  orgName: string;
  needsReason: boolean;
  correlate: boolean;
  traces: boolean;
}) {
  return (
    <WithReason org={org} orgName={orgName} needsReason={needsReason}>
      <Explorer org={org} operator={needsReason} correlate={correlate} traces={traces} />
    </WithReason>
  );
}

/** The explorer over the org's lines, with its releases and its instances' trouble marked between them. */
function Explorer({
  org,
  operator,
  correlate,
  traces,
}: {
  org: string;
  operator: boolean;
  correlate: boolean;
  traces: boolean;
}) {
  const source = useMemo(() => tenantLogSource(org), [org]);
  const releases = useReleaseMarkers(org);
  const events = useEventMarkers(org, operator);
  const markers = useMemo(() => [...releases, ...events].sort((a, b) => a.at.localeCompare(b.at)), [releases, events]);
  return <LogExplorer source={source} markers={markers} correlate={correlate} traces={traces} />;
}

/** The org's releases in the view's window (of the apps and envs it shows), as markers. */
function useReleaseMarkers(org: string): LogMarker[] {
  const { params } = useUrlFilters();
  const apps = params.getAll("app");
  const envs = params.getAll("env");
  const q = useQuery({
    ...orgChangesQuery(org, {
      kind: [...RELEASE_KINDS],
      from: params.get("start") ?? "1h",
      to: params.get("end") ?? undefined,
    }),
  });
  return (q.data?.changes ?? [])
    .filter(
      (c) =>
        (!apps.length || (c.app_id && apps.includes(c.app_id))) &&
        (!envs.length || (c.env_id && envs.includes(c.env_id))),
    )
    .map((c) => ({ id: `change-${c.id}`, at: c.started_at, text: releaseText(c), href: c.url }));
}

/**
 * The org's instances that stopped without being asked, failed or failed their health check, in the view's
 * window (of the apps, envs and instances it shows), as markers that open the env's "Is it serving?" — or,
 * for an operator, the instance itself.
 */
function useEventMarkers(org: string, operator: boolean): LogMarker[] {
  const { params } = useUrlFilters();
  const apps = params.getAll("app");
  const envs = params.getAll("env");
  const instances = params.getAll("instance");
  const q = useQuery(
    orgEventsQuery(org, {
      kind: ["instance.stopped", "instance.failed"],
      from: params.get("start") ?? "1h",
      to: params.get("end") ?? undefined,
      ...(apps.length === 1 ? { app: apps[0] } : {}),
      ...(envs.length === 1 ? { env: envs[0] } : {}),
      ...(instances.length === 1 ? { instance: instances[0] } : {}),
    }),
  );
  return (q.data?.events ?? [])
    .filter(
      (e) =>
        isTrouble(e) &&
        (!apps.length || (e.app_id && apps.includes(e.app_id))) &&
        (!envs.length || (e.env_id && envs.includes(e.env_id))) &&
        (!instances.length || (e.instance_id && instances.includes(e.instance_id))),
    )
    .map((e) => ({
      id: `event-${e.event_id}`,
      at: e.ts,
      text: `Platform: ${eventWords(e, "tenant")}`,
      tone: "trouble" as const,
      href:
        operator && e.instance_id
          ? instanceHref(e.instance_id)
          : e.app_id && e.env_id
            ? envHref(org, e.app_id, e.env_id)
            : null,
      internal: true,
    }));
}
