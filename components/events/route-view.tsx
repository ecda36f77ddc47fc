"use client";

// One route for an operator: whether it serves, its backends and their state, its edge config on every
// node, and its latest route and edge events.
import { useQuery } from "@tanstack/react-query";
import { describeRouteQuery } from "@/lib/client/queries/events";
import { WithReason } from "@/components/logs/reason-gate";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Panel, QueryState } from "@/components/ui/page";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { EventLines } from "./event-list";
import { VERDICT } from "./env-state";
import type { Owner } from "./instance-view";

export function RouteView({ route, org }: { route: string; org: Owner | null }) {
  if (!org) return <ErrorNotice title="No such route" message={`No event from the platform names route ${route}.`} />;
  return (
    <WithReason org={org.id} orgName={org.name} needsReason={!org.member} what="routes">
      <RouteState route={route} />
    </WithReason>
  );
}

function RouteState({ route }: { route: string }) {
  const q = useQuery(describeRouteQuery(route));
  return (
    <QueryState query={q} rows={6}>
      {(d) => {
        const v = VERDICT[d.verdict];
        const r = d.route;
        return (
          <div className="space-y-4">
            <section
              aria-labelledby="verdict"
              className={`rounded-md border px-4 py-3 ${v.box}`}
              data-verdict={d.verdict}
            >
              <h2 id="verdict" className="text-lg font-semibold">
                {v.label}
              </h2>
              {d.reasons.length > 0 && (
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm">
                  {d.reasons.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              )}
              <p className="mt-1 text-xs opacity-80">
                {r.org_id} · {r.app_id} · {r.env_id}; {r.bound ? "bound" : "unbound"} since{" "}
                <Time iso={r.since} compact />
              </p>
            </section>
            <Panel className="p-4">
              <h2 className="mb-2 font-medium">Backends</h2>
              {r.backends.length === 0 ? (
                <p className="text-sm text-muted">None.</p>
              ) : (
                <ul className="flex flex-wrap gap-2 text-sm">
                  {r.backends.map((b) => (
                    <li key={b.instance_id} className="font-mono">
                      {b.instance_id}
                      {b.address ? ` (${b.address})` : ""}{" "}
                      <Badge tone={b.state === "ready" ? "good" : "bad"}>{b.state ?? "unknown"}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </Panel>
            <Panel className="p-4">
              <h2 className="mb-2 font-medium">
                Edge config{r.edge.config_version !== null ? ` v${r.edge.config_version}` : ""}: applied on{" "}
                {r.edge.applied} of {r.edge.locations} nodes
              </h2>
              <div className="overflow-x-auto">
                <Table density="tight" ruled>
                  <THead>
                    <HeadCell>Node</HeadCell>
                    <HeadCell>Region</HeadCell>
                    <HeadCell>Version</HeadCell>
                    <HeadCell>Outcome</HeadCell>
                    <HeadCell>When</HeadCell>
                  </THead>
                  <tbody>
                    {(r.edge.nodes ?? []).map((n) => (
                      <Row key={n.node_id}>
                        <RowHead className="font-mono font-normal">{n.node_id}</RowHead>
                        <Cell>{n.region}</Cell>
                        <Cell>v{n.config_version}</Cell>
                        <Cell className={n.applied ? "" : "text-red-800 dark:text-red-300"}>
                          {n.applied ? "applied" : `failed${n.error ? `: ${n.error}` : ""}`}
                        </Cell>
                        <Cell>
                          <Time iso={n.at} compact />
                        </Cell>
                      </Row>
                    ))}
                  </tbody>
                </Table>
              </div>
            </Panel>
            <Panel className="p-4">
              <h2 className="mb-1 font-medium">Latest route and edge events</h2>
              <EventLines view="operator" events={d.recent} label={`Events of ${route}`} here="route" />
            </Panel>
          </div>
        );
      }}
    </QueryState>
  );
}
