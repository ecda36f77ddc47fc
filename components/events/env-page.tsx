"use client";

// One env for its tenant, or for an operator once they have said why: its state, then its recent events.
import { useQuery } from "@tanstack/react-query";
import { orgEventsQuery } from "@/lib/client/queries/events";
import { WithReason } from "@/components/logs/reason-gate";
import { EmptyState, Panel, QueryState } from "@/components/ui/page";
import { EnvState } from "./env-state";
import { EventLines } from "./event-list";

export function EnvPage({
  org,
  orgName,
  app,
  env,
  operator,
}: {
  org: string;
  orgName: string;
  app: string;
  env: string;
  operator: boolean;
}) {
  return (
    <WithReason org={org} orgName={orgName} needsReason={operator} what="apps">
      <div className="space-y-4">
        <EnvState view={operator ? "operator" : "tenant"} org={org} app={app} env={env} />
        <RecentEvents org={org} app={app} env={env} />
      </div>
    </WithReason>
  );
}

function RecentEvents({ org, app, env }: { org: string; app: string; env: string }) {
  const q = useQuery(orgEventsQuery(org, { app, env, from: "24h" }, 100));
  return (
    <Panel className="p-4">
      <h2 className="mb-1 font-medium">What happened (last 24 hours, newest first)</h2>
      <QueryState
        query={q}
        empty={(d) => (d.events.length ? null : <EmptyState title="No events in the last 24 hours" />)}
      >
        {(d) => <EventLines view="tenant" events={d.events} label={`Events of ${app} · ${env}`} />}
      </QueryState>
    </Panel>
  );
}
