"use client";

// The handoffs page: mine in flight, starting one, and the history.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { handoffsQuery, useStartHandoff, type HandoffRow } from "@/lib/client/queries/handoffs";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { SelectField } from "@/components/ui/select-field";
import { Cell, HeadCell, Row, Table, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { PersonSelect } from "@/components/incidents/person-select";
import { onCallQuery } from "@/lib/client/queries/oncall";
import { oneOf } from "@/lib/client/one-of";
import { HANDOFF_STATUSES, PLATFORM_TEAM } from "@/lib/vocabulary";

export const HANDOFF_TONE = { open: "warn", submitted: "info", acknowledged: "good" } as const;

function Rows({ rows, me }: { rows: HandoffRow[]; me: string }) {
  return (
    <Table density="roomy">
      <THead>
        <HeadCell>Handoff</HeadCell>
        <HeadCell>Status</HeadCell>
        <HeadCell className="hidden sm:table-cell">Checklist</HeadCell>
        <HeadCell className="hidden sm:table-cell">Started</HeadCell>
      </THead>
      <tbody>
        {rows.map((h) => (
          <Row key={h.id} data-handoff={h.id}>
            <Cell>
              <Link
                href={`/handoffs/${h.id}`}
                className="font-medium text-indigo-700 hover:underline dark:text-indigo-400"
              >
                {h.outgoing.name} → {h.incoming.name}
              </Link>
              {(h.outgoing.id === me || h.incoming.id === me) && (
                <span className="ml-2 text-xs text-muted">
                  ({h.outgoing.id === me ? "you hand over" : "you take over"})
                </span>
              )}
              {/* On a phone the checklist and start time go under the names, not in columns of their own. */}
              <span className="block text-xs text-muted sm:hidden">
                {h.items_done}/{h.items_total} done · <Time iso={h.created_at} />
              </span>
            </Cell>
            <Cell>
              <Badge tone={HANDOFF_TONE[h.status]}>{h.status}</Badge>
            </Cell>
            <Cell className="hidden tabular-nums sm:table-cell">
              {h.items_done}/{h.items_total}
            </Cell>
            <Cell className="hidden sm:table-cell">
              <Time iso={h.created_at} />
            </Cell>
          </Row>
        ))}
      </tbody>
    </Table>
  );
}

export function HandoffList({ people, me }: { people: Record<string, string>; me: string }) {
  const { params, set } = useUrlFilters();
  const status = params.get("status") ?? "";
  const mine = useQuery(handoffsQuery({ user: me }));
  const history = useQuery(handoffsQuery({ status: oneOf(HANDOFF_STATUSES, status) }));
  const active = (mine.data?.handoffs ?? []).filter((h) => h.status !== "acknowledged");
  const others = Object.fromEntries(Object.entries(people).filter(([id]) => id !== me));
  // The incoming defaults to whoever the rotation puts on primary next (the primary now, if that is not you).
  const rota = useQuery(onCallQuery(PLATFORM_TEAM));
  const primaryNow = rota.data?.on_call.find((x) => x.layer === "primary")?.user.id;
  const suggested = [primaryNow, rota.data?.next_primary?.user.id].find((id) => id && id !== me && id in others);
  const [picked, setIncoming] = useState<string | null>(null);
  const incoming = picked ?? suggested ?? "";
  const startHandoff = useStartHandoff();
  const router = useRouter();
  return (
    <div className="space-y-6">
      <section aria-label="Your handoffs" className="space-y-3">
        <h2 className="font-medium">Your shift</h2>
        {mine.isPending ? (
          <Skeleton rows={2} />
        ) : active.length ? (
          <Panel>
            <Rows rows={active} me={me} />
          </Panel>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No handoff in flight for you.</p>
        )}
        <Panel className="p-4">
          <form
            aria-label="Start a handoff"
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              startHandoff.mutate(
                { incoming_id: incoming },
                { onSuccess: (v) => router.push(`/handoffs/${v.handoff.id}`) },
              );
            }}
          >
            <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
              Hand over to
              <PersonSelect
                label="Hand over to"
                className="mt-0.5 block"
                value={incoming}
                people={others}
                me={me}
                onChange={setIncoming}
                empty="choose the incoming on-call"
              />
            </label>
            {picked === null && suggested && <span className="text-xs text-muted">next primary on the rotation</span>}
            <Button type="submit" disabled={!incoming || startHandoff.isPending}>
              {startHandoff.isPending ? "Starting…" : "Start end-of-shift handoff"}
            </Button>
            {startHandoff.isError && (
              <span className="text-sm text-red-700 dark:text-red-400">{startHandoff.error.message}</span>
            )}
          </form>
        </Panel>
      </section>
      <section aria-label="History" className="space-y-3">
        <div className="flex items-end justify-between">
          <h2 className="font-medium">History</h2>
          <SelectField
            label="Status"
            value={status}
            onChange={(v) => set("status", v)}
            options={[["", "all"], "open", "submitted", "acknowledged"]}
          />
        </div>
        <Panel>
          {history.isPending ? (
            <Skeleton />
          ) : history.isError ? (
            <div className="p-4">
              <ErrorNotice message={history.error.message} />
            </div>
          ) : history.data.handoffs.length === 0 ? (
            <EmptyState title="No handoffs yet">Start one at the end of your shift.</EmptyState>
          ) : (
            <Rows rows={history.data.handoffs} me={me} />
          )}
        </Panel>
      </section>
    </div>
  );
}
