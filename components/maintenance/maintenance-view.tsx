"use client";

// Maintenance windows: running now, upcoming and past, each with its M-number, services, regions, UTC
// times, kind, approver and the alerts it holds now; cancelling one asks first.
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { maintenanceQuery, useMaintenanceActions } from "@/lib/client/queries/maintenance";
import type { Maintenance } from "@/lib/maintenance/contract";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Panel, QueryState } from "@/components/ui/page";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { MaintenanceForm } from "./maintenance-form";

const TITLE: Record<Maintenance["state"], string> = {
  active: "Running now",
  upcoming: "Upcoming",
  past: "Past and cancelled",
};
const EMPTY: Record<Maintenance["state"], string> = {
  active: "No maintenance is running.",
  upcoming: "Nothing scheduled.",
  past: "No maintenance yet.",
};

function CancelButton({ m }: { m: Maintenance }) {
  const { cancel } = useMaintenanceActions();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="secondary" onClick={() => setAsking(true)}>
        Cancel…
      </Button>
    );
  return (
    <span role="group" aria-label={`Cancel ${m.ref}?`} className="inline-flex flex-wrap items-center gap-1.5">
      <span className="text-xs">
        Cancel {m.ref}?{m.state === "active" ? " Its held alerts notify again." : ""}
      </span>
      <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate(m.id)}>
        Yes, cancel {m.ref}
      </Button>
      <Button variant="ghost" onClick={() => setAsking(false)}>
        Keep
      </Button>
      {cancel.isError && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {cancel.error.message}
        </span>
      )}
    </span>
  );
}

function WindowList({
  state,
  names,
  canWrite,
}: {
  state: Maintenance["state"];
  names: Record<string, string>;
  canWrite: boolean;
}) {
  const q = useQuery(maintenanceQuery(state));
  const who = (id: string | null) => (id ? (names[id] ?? id) : "—");
  return (
    <section aria-labelledby={`maintenance-${state}`}>
      <h2 id={`maintenance-${state}`} className="mb-2 font-medium">
        {TITLE[state]}
      </h2>
      <Panel className="overflow-x-auto">
        <QueryState
          query={q}
          rows={2}
          empty={(d) =>
            d.maintenance_windows.length ? null : <p className="p-4 text-sm text-muted">{EMPTY[state]}</p>
          }
        >
          {(d) => (
            <Table density="roomy" ruled>
              <THead>
                <HeadCell>Window</HeadCell>
                <HeadCell>Services · regions</HeadCell>
                <HeadCell>When</HeadCell>
                <HeadCell className="hidden md:table-cell">Kind · approver</HeadCell>
                <HeadCell>Held now</HeadCell>
                {canWrite && state !== "past" && <HeadCell className="sr-only md:not-sr-only">Action</HeadCell>}
              </THead>
              <tbody>
                {d.maintenance_windows.map((m) => (
                  <Row key={m.id} id={m.ref} data-maintenance={m.ref}>
                    <RowHead>
                      <span className="font-medium">{m.ref}</span>
                      <span className="block max-w-64 text-xs font-normal text-muted">{m.description}</span>
                      {m.cancelled_at && <Badge>cancelled by {who(m.cancelled_by)}</Badge>}
                      {m.hold_ended_reason && <Badge tone="warn">hold ended: {m.hold_ended_reason}</Badge>}
                    </RowHead>
                    <Cell>
                      {m.services.join(", ")}
                      <span className="block text-xs text-muted">
                        {m.regions.length ? m.regions.join(", ") : "all regions"}
                      </span>
                    </Cell>
                    <Cell>
                      <Time iso={m.start} compact />
                      <span className="block text-xs text-muted">
                        until <Time iso={m.end} compact />
                      </span>
                    </Cell>
                    <Cell className="hidden md:table-cell">
                      <Badge tone={m.kind === "emergency" ? "warn" : "info"}>{m.kind}</Badge>
                      <span className="block text-xs text-muted">
                        {m.approved_by ? `approved by ${who(m.approved_by)}` : `by ${who(m.created_by)}`}
                      </span>
                    </Cell>
                    <Cell>
                      {m.held_alerts ? (
                        <Link
                          className="tap text-indigo-700 hover:underline dark:text-indigo-400"
                          href="/alerts?state=open"
                        >
                          {m.held_alerts} alert{m.held_alerts === 1 ? "" : "s"}
                        </Link>
                      ) : (
                        <span className="text-muted">none</span>
                      )}
                    </Cell>
                    {canWrite && state !== "past" && (
                      <Cell>
                        <CancelButton m={m} />
                      </Cell>
                    )}
                  </Row>
                ))}
              </tbody>
            </Table>
          )}
        </QueryState>
      </Panel>
    </section>
  );
}

export function MaintenanceView({
  names,
  canWrite,
  form,
}: {
  /** People's names by id (creators, approvers, who cancelled). */
  names: Record<string, string>;
  canWrite: boolean;
  form: React.ComponentProps<typeof MaintenanceForm>;
}) {
  return (
    <div className="space-y-6">
      {canWrite && <MaintenanceForm {...form} />}
      <WindowList state="active" names={names} canWrite={canWrite} />
      <WindowList state="upcoming" names={names} canWrite={canWrite} />
      <WindowList state="past" names={names} canWrite={canWrite} />
    </div>
  );
}
