"use client";

// Is the platform converging? Every consumer of the event stream — schedulers, agents, edge nodes,
// projections — against the newest event: how far behind, and its last reconcile error. The ones behind or
// failing come first.
import { useQuery } from "@tanstack/react-query";
import { cursorsQuery } from "@/lib/client/queries/events";
import type { Cursors } from "@/lib/events/contract";
import { Badge } from "@/components/ui/badge";
import { EmptyState, Panel, QueryState } from "@/components/ui/page";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { behindAtReport, cursorTrouble, lagWords } from "@/lib/events/words";

export function CursorsView({ initial }: { initial?: Cursors }) {
  const q = useQuery({ ...cursorsQuery(), initialData: initial });
  return (
    <Panel className="p-4">
      <section aria-labelledby="cursors-heading" id="cursors">
        <h2 id="cursors-heading" className="font-medium">
          Is it converging?
        </h2>
        <QueryState
          query={q}
          rows={4}
          empty={(d) => (d.consumers.length ? null : <EmptyState title="No consumer has reported its cursor" />)}
        >
          {(d) => {
            const rows = [...d.consumers].sort(
              (a, b) =>
                Number(cursorTrouble(b)) - Number(cursorTrouble(a)) ||
                (behindAtReport(b) ?? Infinity) - (behindAtReport(a) ?? Infinity) ||
                a.consumer.localeCompare(b.consumer),
            );
            const behind = rows.filter(cursorTrouble).length;
            return (
              <>
                <p className="mb-2 text-sm text-muted">
                  {behind
                    ? `${behind} of ${rows.length} consumers are behind, failing or silent.`
                    : `All ${rows.length} consumers kept up at their last report.`}{" "}
                  Newest event: {d.head ? <Time iso={d.head.ts} /> : "none"}.
                </p>
                <div className="max-h-96 overflow-auto" tabIndex={0} role="region" aria-label="Consumers">
                  <Table density="tight" ruled>
                    <THead>
                      <HeadCell>Consumer</HeadCell>
                      <HeadCell>Kind</HeadCell>
                      <HeadCell>Region</HeadCell>
                      <HeadCell>At its last report</HeadCell>
                      <HeadCell>Events since</HeadCell>
                      <HeadCell>Last error</HeadCell>
                      <HeadCell>Reported</HeadCell>
                    </THead>
                    <tbody>
                      {rows.map((c) => (
                        <Row key={c.consumer} data-consumer={c.consumer}>
                          <RowHead className="font-mono font-normal">{c.consumer}</RowHead>
                          <Cell>{c.kind}</Cell>
                          <Cell>{c.region}</Cell>
                          <Cell>{cursorTrouble(c) ? <Badge tone="bad">{lagWords(c)}</Badge> : lagWords(c)}</Cell>
                          <Cell>
                            {c.lag_events === null
                              ? "—"
                              : `${c.lag_events_capped ? "over " : ""}${c.lag_events.toLocaleString("en-US")}`}
                          </Cell>
                          <Cell className={c.error ? "text-red-800 dark:text-red-300" : "text-muted"}>
                            {c.error
                              ? `${c.error}${c.backoff_seconds ? ` (retrying in ${c.backoff_seconds} s)` : ""}`
                              : "—"}
                          </Cell>
                          <Cell>
                            <Time iso={c.reported_at} compact />
                          </Cell>
                        </Row>
                      ))}
                    </tbody>
                  </Table>
                </div>
              </>
            );
          }}
        </QueryState>
      </section>
    </Panel>
  );
}
