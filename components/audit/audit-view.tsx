"use client";

// The audit log table, platform-wide or for one org. Filters live in the URL so a link shows the same view.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { auditQuery, readAuditFilters } from "@/lib/client/queries/audit";
import { Badge, type Tone } from "@/components/ui/badge";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { control } from "@/components/ui/control";
import { Cell, HeadCell, Row, Table, THead } from "@/components/ui/table";
import { ClientApiError } from "@/lib/client/api";
import Link from "next/link";
import { AUDIT_OUTCOMES } from "@/lib/vocabulary";
import { isOperatorRead as operatorRead, statedReason } from "@/lib/audit/rules";
import { DateTimeInput } from "@/components/ui/time-input";

/** What the call acted on, linked to its page when the console has one (incidents, handoffs, alerts). */
function Target({ target }: { target: string }) {
  const page = /^(inc|ho|alr)_[a-z0-9]+/.exec(target)?.[0];
  const href = !page
    ? null
    : page.startsWith("inc_")
      ? `/incidents/${page}`
      : page.startsWith("ho_")
        ? `/handoffs/${page}`
        : "/alerts";
  const cls = "block max-w-56 truncate text-muted";
  return href ? (
    <Link href={href} className={`${cls} underline-offset-2 hover:underline`} title={target}>
      {target}
    </Link>
  ) : (
    <span className={cls} title={target}>
      {target}
    </span>
  );
}

const OUTCOME_TONE: Record<string, Tone> = { success: "good", allowed: "good", failure: "bad", denied: "warn" };
/** Who the actor was to the org, in the org's own words. */
const RELATION: Record<string, string> = { member: "member", staff: "platform staff", outsider: "not a member" };
const FILTERS = ["action", "outcome", "actor", "since", "operator_reads"] as const;

function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export function AuditView({ org }: { org: string | null }) {
  const { params, set, replace, clear } = useUrlFilters();
  const filters = readAuditFilters(params);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const q = useInfiniteQuery(auditQuery(org, filters));

  const events = q.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Panel>
      <form
        className="flex flex-wrap items-end gap-3 border-b border-zinc-200 p-3 dark:border-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const next = new URLSearchParams();
          for (const k of FILTERS) {
            const v = String(data.get(k) ?? "").trim();
            if (v && !(k === "operator_reads" && v !== "true"))
              next.set(k, k === "since" ? new Date(`${v}Z`).toISOString() : v); // the picker's value is UTC
          }
          replace(next);
        }}
      >
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Action
          <input
            name="action"
            defaultValue={filters.action}
            placeholder="token.create"
            className={`${control} mt-0.5 block w-40`}
          />
        </label>
        <SelectField
          label="Outcome"
          name="outcome"
          value={filters.outcome ?? ""}
          onChange={(v) => set("outcome", v)}
          options={[["", "any"], ...AUDIT_OUTCOMES]}
        />
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Who
          <input
            name="actor"
            defaultValue={filters.actor}
            placeholder="name, email or id"
            className={`${control} mt-0.5 block w-44`}
          />
        </label>
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Since (UTC)
          <DateTimeInput
            name="since"
            defaultValue={filters.since?.slice(0, 16)}
            className={`${control} mt-0.5 block`}
          />
        </label>
        {org && (
          <label className="tap flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="operator_reads"
              value="true"
              defaultChecked={filters.operator_reads === "true"}
            />
            Operator reads only
          </label>
        )}
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered && (
          <Button type="button" variant="ghost" onClick={clear}>
            Clear
          </Button>
        )}
      </form>
      {q.isPending ? (
        <Skeleton rows={8} />
      ) : q.isError ? (
        <div className="p-4">
          <ErrorNotice
            message={q.error.message}
            requestId={q.error instanceof ClientApiError ? q.error.requestId : undefined}
          />
        </div>
      ) : events.length === 0 ? (
        <EmptyState title="No audit events match">
          {filtered ? "Try clearing the filters." : "Events appear here as people sign in, mint tokens and read logs."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <Table ruled>
            <THead>
              <HeadCell>Time</HeadCell>
              <HeadCell>Action</HeadCell>
              <HeadCell>Outcome</HeadCell>
              <HeadCell>Actor</HeadCell>
              {!org && <HeadCell>Org</HeadCell>}
              <HeadCell>Details</HeadCell>
              <HeadCell>Request</HeadCell>
            </THead>
            <tbody>
              {events.map((e) => (
                <Row
                  key={e.id}
                  data-operator-read={operatorRead(e) || undefined}
                  className={`align-top ${operatorRead(e) ? "bg-amber-50 dark:bg-amber-950/60" : ""}`}
                >
                  <Cell>
                    <Time iso={e.at} />
                  </Cell>
                  <Cell className="font-mono text-xs">
                    {e.action}
                    {e.target && <Target target={e.target} />}
                  </Cell>
                  <Cell>
                    <Badge tone={OUTCOME_TONE[e.outcome] ?? "neutral"}>{e.outcome}</Badge>
                    {operatorRead(e) && (
                      <span className="mt-1 block">
                        <Badge tone="warn">operator read</Badge>
                      </span>
                    )}
                  </Cell>
                  <Cell className="max-w-56">
                    <span className="block truncate" title={e.actor.email ?? e.actor.kind}>
                      {e.actor.email ?? e.actor.kind}
                    </span>
                    {org && e.actor.relation && (
                      <span className="block text-xs text-muted">{RELATION[e.actor.relation]}</span>
                    )}
                    {e.token_id && <span className="font-mono text-xs text-muted">via {e.token_id}</span>}
                  </Cell>
                  {!org && <Cell>{e.org_id ?? "—"}</Cell>}
                  <Cell className="max-w-md">
                    {operatorRead(e) && statedReason(e.details) && (
                      <span className="block text-sm font-medium">Reason: {statedReason(e.details)}</span>
                    )}
                    <span
                      className="line-clamp-2 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400"
                      title={summary(e.details)}
                    >
                      {summary(e.details) || "—"}
                    </span>
                  </Cell>
                  <Cell className="font-mono text-xs text-muted">{e.request_id?.slice(0, 8) ?? "—"}</Cell>
                </Row>
              ))}
            </tbody>
          </Table>
          {q.hasNextPage && (
            <div className="p-3 text-center">
              <Button variant="secondary" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                {q.isFetchingNextPage ? "Loading…" : "Load older events"}
              </Button>
            </div>
          )}
        </div>
      )}
    </Panel>
  );
}
