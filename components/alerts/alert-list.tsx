"use client";

// Pages and tickets from Alertmanager: dedup counts, age, runbook links, not-pager-eligible flags,
// acknowledge, resolve, and — before declaring a new incident — attach to the open one it belongs to.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { PageClock } from "./page-clock";
import { Time } from "@/components/ui/time";
import { useNow } from "@/lib/client/use-now";
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { alertsQuery, useAlertAction } from "@/lib/client/queries/alerts";
import { incidentsQuery } from "@/lib/client/queries/incidents";
import { alertFilters, matchingIncidents, type AlertFilters } from "@/lib/alerts/rules";
import type { Alert, listAlertsEndpoint } from "@/lib/alerts/contract";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { Incident } from "@/lib/incidents/contract";
import { freezeScope } from "@/lib/incidents/rules";
import { age } from "@/lib/incidents/rules";
import { Badge } from "@/components/ui/badge";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, Panel, QueryState } from "@/components/ui/page";
import { ALERT_STATUSES, isOpen } from "@/lib/vocabulary";

/** An alert name to filter by: 44 px tall on a phone, a small pill on wider screens. */
const CHIP = "inline-flex min-h-11 shrink-0 items-center gap-1 rounded-full border px-2.5 text-xs sm:min-h-0 sm:py-0.5";

/** A name reached by the keyboard is shown whole, in a line that scrolls sideways. */
const showWhole = (e: React.FocusEvent<HTMLElement>) =>
  e.currentTarget.scrollIntoView({ block: "nearest", inline: "nearest" });

const count = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function AlertList({
  people,
  initial,
}: {
  people: Record<string, string>;
  /** The first page as the page was served, for these filters. */
  initial?: { filters: AlertFilters; page: ResponseOf<typeof listAlertsEndpoint> };
}) {
  const router = useRouter();
  const { params, set } = useUrlFilters();
  const state = params.get("state") ?? "open";
  const kind = params.get("kind") ?? "";
  const name = params.get("name") ?? "";
  const filters = alertFilters(params);
  const served = initial && JSON.stringify(initial.filters) === JSON.stringify(filters);
  const q = useInfiniteQuery({
    ...alertsQuery(filters),
    ...(served ? { initialData: { pages: [initial.page], pageParams: [null] } } : {}),
  });
  const act = useAlertAction();
  const now = useNow();
  const openIncidents = useQuery(incidentsQuery({ status: "open" }));
  const list = q.data?.pages.flatMap((p) => p.alerts) ?? [];
  const totals = q.data?.pages[0]?.totals;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="State"
          value={state}
          onChange={(v) => set("state", v)}
          options={["open", ...ALERT_STATUSES, "all"]}
        />
        <SelectField
          label="Kind"
          value={kind}
          onChange={(v) => set("kind", v)}
          options={[
            ["", "pages and tickets"],
            ["page", "pages"],
            ["ticket", "tickets"],
          ]}
        />
        {/* The totals' line and one line of names are held while the list loads, so nothing below them moves. */}
        {totals ? (
          <p className="pb-1.5 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="alert-totals">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {count(totals.total, name ? `${name} alert` : "alert")}
            </span>
            {state !== "all" && ` ${state}`}: {count(totals.page, "page")}, {count(totals.ticket, "ticket")}
          </p>
        ) : (
          q.isPending && <p className="pb-1.5 text-sm text-muted">Counting alerts…</p>
        )}
      </div>
      {q.isPending && <div className="h-11 sm:h-[22px]" aria-hidden />}
      {totals && totals.by_name.length > 1 && (
        // One line that scrolls sideways on a phone (its height is known before the names arrive), each name a
        // thumb-sized target there; wrapped on wider screens.
        <div className="flex gap-1.5 overflow-x-auto sm:flex-wrap" role="group" aria-label="Filter by alert name">
          {totals.by_name.map((n) => (
            <button
              key={n.name}
              type="button"
              aria-pressed={name === n.name}
              onClick={() => set("name", name === n.name ? "" : n.name)}
              onFocus={showWhole}
              className={`${CHIP} max-w-72 ${name === n.name ? "border-indigo-500 bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" : "border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
              title={`${n.name}: ${n.count.toLocaleString("en-US")}`}
            >
              <span className="truncate">{n.name}</span>{" "}
              <span className="tabular-nums text-muted">{n.count.toLocaleString("en-US")}</span>
            </button>
          ))}
          {name && !totals.by_name.some((n) => n.name === name) && (
            <button
              type="button"
              aria-pressed
              onClick={() => set("name", "")}
              onFocus={showWhole}
              className={`${CHIP} border-indigo-500 text-indigo-700 dark:text-indigo-300`}
            >
              {name} ✕
            </button>
          )}
        </div>
      )}
      {act.isError && <ErrorNotice message={act.error.message} />}
      <Panel>
        <QueryState
          // Rows wait for the open incidents too: their offers to attach would otherwise push the rows down.
          query={{
            isPending: q.isPending || openIncidents.isPending,
            isError: q.isError,
            error: q.error,
            data: q.data,
          }}
          rows={15}
          empty={() =>
            list.length === 0 ? (
              <EmptyState title={state === "open" && !kind && !name ? "Nothing open" : "No alerts match"}>
                {state === "open" && !kind && !name
                  ? "No page or ticket is open. "
                  : "Try another state, kind or name. "}
                Alertmanager posts to /api/v1/alerts/alertmanager with a token holding alerts:write.
              </EmptyState>
            ) : null
          }
        >
          {() => (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {list.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-alert={a.name}>
                  <Badge tone={a.kind === "page" ? "bad" : "warn"}>{a.kind}</Badge>
                  <Badge tone={a.severity === "critical" ? "bad" : a.severity === "low" ? "neutral" : "warn"}>
                    {a.priority} {a.severity}
                  </Badge>
                  <div className="min-w-0 flex-1 basis-60">
                    <p className="truncate-wide font-medium">
                      {a.name} <span className="font-normal text-muted">{a.annotations.summary}</span>
                    </p>
                    <p className="text-xs text-muted">
                      {Object.entries(a.labels)
                        .filter(([k]) => k !== "alertname")
                        .map(([k, v]) => `${k}=${v}`)
                        .join(" ")}
                    </p>
                    {!a.pager_eligible && a.not_eligible_reason && (
                      <p className="text-xs text-amber-700 dark:text-amber-400">
                        not pager-eligible: {a.not_eligible_reason}
                      </p>
                    )}
                    {a.status === "acknowledged" && a.acked_at && (
                      <p className="text-xs text-muted">
                        Acknowledged{a.acked_by ? ` by ${people[a.acked_by] ?? a.acked_by}` : ""}{" "}
                        <Time iso={a.acked_at} compact />
                      </p>
                    )}
                    {a.flaps_last_hour > 0 && (
                      <p className="text-xs text-amber-700 dark:text-amber-400">
                        flapped {a.flaps_last_hour}× in the last hour (no new notification for a flap)
                      </p>
                    )}
                    {a.grouped_with && (
                      <p className="text-xs text-muted">notified with another alert for the same service and region</p>
                    )}
                    <p className="text-xs text-muted">
                      Owner: {a.team.name}
                      {a.owner_gap && (
                        <span className="text-amber-800 dark:text-amber-300">
                          {" "}
                          — {a.scope.service ? `${a.scope.service} has no owner in the catalog` : "no service label"};
                          routed to the platform team
                        </span>
                      )}
                    </p>
                    {isOpen(a.status) && <PageClock alert={a} now={now} />}
                  </div>
                  {a.held_by && (
                    <Link href={`/maintenance#${a.held_by.ref}`} className="tap" data-held-by={a.held_by.ref}>
                      <Badge tone="info">held by maintenance {a.held_by.ref}</Badge>
                    </Link>
                  )}
                  {a.count > 1 && <Badge>×{a.count}</Badge>}
                  <span className="w-16 text-muted" title={a.first_seen}>
                    {age(a.first_seen)}
                  </span>
                  <Badge tone={a.status === "resolved" ? "good" : a.status === "acknowledged" ? "info" : "bad"}>
                    {a.status}
                  </Badge>
                  {a.annotations.runbook_url && (
                    <a
                      className="tap text-indigo-700 hover:underline dark:text-indigo-400"
                      href={a.annotations.runbook_url}
                      target="_blank"
                      rel="noreferrer"
                    >
                      runbook
                    </a>
                  )}
                  {a.runbook_untested && <Badge tone="warn">runbook untested</Badge>}
                  <IncidentAction
                    alert={a}
                    open={openIncidents.data?.incidents ?? []}
                    act={act}
                    onDeclared={(ref) => router.push(`/incidents/${ref}`)}
                  />
                  {a.status === "firing" && (
                    <Button
                      variant="secondary"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: a.id, action: "ack" })}
                    >
                      Ack
                    </Button>
                  )}
                  {isOpen(a.status) && (
                    <Button
                      variant="secondary"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: a.id, action: "resolve" })}
                    >
                      Resolve
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        {q.hasNextPage && (
          <div className="border-t border-zinc-200 p-3 text-center dark:border-zinc-800">
            <Button variant="secondary" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
              {q.isFetchingNextPage
                ? "Loading…"
                : `Showing ${list.length.toLocaleString("en-US")} of ${totals?.total.toLocaleString("en-US") ?? "more"} — load more`}
            </Button>
          </div>
        )}
      </Panel>
    </div>
  );
}

/**
 * What an alert's incident link offers: the incident it belongs to; else the open incidents whose
 * services and regions match, to attach it to; declaring a new one while a match is open asks first.
 */
function IncidentAction({
  alert: a,
  open,
  act,
  onDeclared,
}: {
  alert: Alert;
  open: Incident[];
  act: ReturnType<typeof useAlertAction>;
  onDeclared: (ref: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  if (a.incident_id) {
    const inc = open.find((i) => i.id === a.incident_id);
    return (
      <Link
        className="text-indigo-700 hover:underline dark:text-indigo-400"
        href={`/incidents/${inc?.ref ?? a.incident_id}`}
      >
        {inc?.ref ?? "incident"}
      </Link>
    );
  }
  if (!isOpen(a.status)) return null;
  const matches = matchingIncidents(a.scope, open);
  const declare = () =>
    act.mutate({ id: a.id, action: "incident" }, { onSuccess: (r) => r.incident && onDeclared(r.incident.ref) });
  const best = matches[0];
  if (asking && best) {
    return (
      <span
        role="alert"
        className="flex w-full flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      >
        {best.ref} “{best.title}” is open for {freezeScope(best)}. Declare a new incident anyway?
        <Button variant="danger" className="text-xs" disabled={act.isPending} onClick={declare}>
          Declare anyway
        </Button>
        <Button variant="ghost" className="text-xs" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </span>
    );
  }
  return (
    <>
      {matches.slice(0, 2).map((i) => (
        <Button
          key={i.id}
          variant={i === best ? "primary" : "secondary"}
          disabled={act.isPending}
          onClick={() => act.mutate({ id: a.id, action: "attach", incident: i.id })}
          title={`${i.ref}: ${i.title} (${freezeScope(i)})`}
        >
          Attach to {i.ref}
        </Button>
      ))}
      <Button variant="ghost" disabled={act.isPending} onClick={() => (best ? setAsking(true) : declare())}>
        {best ? "Declare new…" : "Declare incident"}
      </Button>
    </>
  );
}
