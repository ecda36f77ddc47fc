"use client";

// The incident's Investigate section: what changed on its services and regions before impact began (the
// look-back adjustable), and the platform's errors around impact start — each pinnable to the timeline
// as evidence carrying its exact window, so the card opens exactly what was seen.
import { useDrawn } from "@/components/ui/use-drawn";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import type { Change } from "@/lib/changes/contract";
import type { Incident } from "@/lib/incidents/contract";
import { changesQuery } from "@/lib/client/queries/changes";
import { platformSampleQuery } from "@/lib/client/queries/logs";
import { usePin } from "./use-pin";
import { aroundPoint, changesHref, platformLogsHref } from "@/lib/metrics/investigate";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { SelectField } from "@/components/ui/select-field";
import { formatTime, Time, useTimeMode } from "@/components/ui/time";
import { ChangeList } from "@/components/changes/change-list";
import { LEVEL_STYLE } from "@/components/logs/log-list";
import { INVESTIGATION_MARGIN_TEXT, levelLabel } from "@/lib/vocabulary";

const LOOKBACK: [string, string][] = [
  ["30", "30 min"],
  ["60", "1 h"],
  ["120", "2 h"],
  ["360", "6 h"],
  ["1440", "24 h"],
];
const utc = (t: number | string) => formatTime(new Date(t).toISOString(), "utc");

export function Investigate({
  incident,
  pinTo,
  canPin,
  canReadPlatformLogs,
}: {
  incident: Incident;
  /** The incident as the page names it (its timeline, kept live, is where pins are looked for). */
  pinTo: string;
  canPin: boolean;
  canReadPlatformLogs: boolean;
}) {
  const [lookback, setLookback] = useState("120");
  const impact = Date.parse(incident.impact_started_at ?? incident.declared_at);
  const scope = { services: incident.services, regions: incident.regions };
  // Up to the resolution, or (while open) up to now: the query asks for "now" itself, so it stays one query.
  const [openedAt] = useState(() => Date.now());
  const changeWindow = {
    from: impact - Number(lookback) * 60_000,
    to: incident.resolved_at ? Date.parse(incident.resolved_at) : null,
  };
  const where = `${incident.services.join(", ") || "every service"}${incident.regions.length ? ` in ${incident.regions.join(", ")}` : ""}`;
  return (
    <Panel className="p-4">
      <details open={!incident.resolved_at} className="group">
        <summary className="cursor-pointer">
          <h2 className="inline font-medium">Investigate</h2>
          <span className="ml-2 text-xs text-muted">
            {where}, around impact start <Time iso={new Date(impact).toISOString()} />
          </span>
        </summary>
        <div className="mt-2 flex justify-end">
          <SelectField label="Changes from before impact" value={lookback} onChange={setLookback} options={LOOKBACK} />
        </div>
        <section aria-label="Changes since before impact" className="mt-3">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium">
            Changes
            <Link
              className="tap text-xs font-normal text-indigo-700 hover:underline dark:text-indigo-400"
              href={changesHref({ ...scope, from: changeWindow.from, to: changeWindow.to ?? openedAt })}
            >
              open the feed
            </Link>
          </h3>
          <ChangesSinceBefore incident={incident} pinTo={pinTo} impact={impact} window={changeWindow} canPin={canPin} />
        </section>
        {canReadPlatformLogs && (
          <WhenNear>
            <PlatformErrors incident={incident} pinTo={pinTo} impact={impact} openedAt={openedAt} canPin={canPin} />
          </WhenNear>
        )}
      </details>
    </Panel>
  );
}

/**
 * The platform's errors, read when their section nears the screen or the page is idle: on a phone it is below
 * the fold, and the page's first seconds go to what is on screen.
 */
function WhenNear({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const drawn = useDrawn(ref);
  return (
    <section ref={ref} aria-label="Platform errors around impact start" className="mt-4">
      {drawn ? children : <Skeleton rows={3} />}
    </section>
  );
}

function ChangesSinceBefore({
  incident,
  pinTo,
  impact,
  window,
  canPin,
}: {
  incident: Incident;
  pinTo: string;
  impact: number;
  window: { from: number; to: number | null };
  canPin: boolean;
}) {
  const q = useInfiniteQuery(
    changesQuery({
      service: incident.services,
      region: incident.regions,
      from: new Date(window.from).toISOString(),
      to: window.to === null ? undefined : new Date(window.to).toISOString(),
    }),
  );
  const { pin, isPinned, error, pending } = usePin(pinTo);
  if (q.isPending) return <Skeleton rows={3} />;
  if (q.isError) return <ErrorNotice title="Couldn't load changes" message={q.error.message} />;
  const list = q.data.pages.flatMap((p) => p.changes);
  const before = list.filter((c) => Date.parse(c.started_at) <= impact);
  const during = list.filter((c) => Date.parse(c.started_at) > impact);
  const changeHref = (c: Change) => {
    const start = Date.parse(c.started_at);
    const end = c.finished_at ? Math.max(Date.parse(c.finished_at), start + 60_000) : start + 60_000;
    return changesHref({ services: [c.service], regions: c.regions, from: start, to: end });
  };
  const pinChange = (c: Change) => {
    const start = Date.parse(c.started_at);
    const when =
      start <= impact
        ? `${Math.round((impact - start) / 60_000)} min before impact`
        : `${Math.round((start - impact) / 60_000)} min after impact start`;
    pin(
      `Change ${when}: ${c.kind} ${c.service}${c.regions.length ? ` (${c.regions.join(", ")})` : ""} by ${c.actor} at ${utc(start)} — ${c.summary} [${c.status.replace("_", " ")}]`,
      changeHref(c),
      `${c.kind} ${c.service}: ${c.summary}`,
    );
  };
  const action = canPin
    ? (c: Change) =>
        isPinned(changeHref(c)) ? (
          <span className="text-xs text-emerald-700 dark:text-emerald-400">Pinned</span>
        ) : (
          <Button variant="secondary" className="text-xs" disabled={pending} onClick={() => pinChange(c)}>
            Pin as evidence
          </Button>
        )
    : undefined;
  return (
    <div className="mt-1 space-y-2">
      {error && <ErrorNotice title="Couldn't pin" message={error.message} />}
      <p className="text-xs font-medium text-muted">Before impact ({before.length})</p>
      <div className="rounded border border-zinc-100 dark:border-zinc-800">
        <ChangeList
          changes={before}
          action={action}
          empty="Nothing changed on these services in the look-back. Widen it, or look beyond the incident's services."
        />
      </div>
      {during.length > 0 && (
        <>
          <p className="text-xs font-medium text-muted">Since impact began ({during.length})</p>
          <div className="rounded border border-zinc-100 dark:border-zinc-800">
            <ChangeList changes={during} action={action} />
          </div>
        </>
      )}
    </div>
  );
}

function PlatformErrors({
  incident,
  pinTo,
  impact,
  openedAt,
  canPin,
}: {
  incident: Incident;
  pinTo: string;
  impact: number;
  openedAt: number;
  canPin: boolean;
}) {
  const { mode } = useTimeMode();
  const window = aroundPoint(impact, undefined, openedAt);
  const filters = {
    multi: { component: incident.services, region: incident.regions },
    level: "error",
    start: new Date(window.from).toISOString(),
    end: new Date(window.to).toISOString(),
  };
  const q = useQuery(platformSampleQuery(filters, 50));
  const { pin, isPinned, error } = usePin(pinTo);
  const url = platformLogsHref({ services: incident.services, regions: incident.regions, ...window }, "error");
  const label = `Platform errors: ${incident.services.join(", ") || "every component"}${incident.regions.length ? ` in ${incident.regions.join(", ")}` : ""}, ${utc(window.from)} → ${utc(window.to)}`;
  const lines = q.data?.lines ?? [];
  const classes = [
    ...lines.reduce(
      (m, l) => m.set(l.error_class ?? "unclassified", (m.get(l.error_class ?? "unclassified") ?? 0) + 1),
      new Map<string, number>(),
    ),
  ].sort((a, b) => b[1] - a[1]);
  return (
    <>
      <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium">
        Platform errors {INVESTIGATION_MARGIN_TEXT} around impact start
        <Link className="tap text-xs font-normal text-indigo-700 hover:underline dark:text-indigo-400" href={url}>
          open in platform logs
        </Link>
        {canPin &&
          (isPinned(url) ? (
            <span className="text-xs font-normal text-emerald-700 dark:text-emerald-400">Pinned</span>
          ) : (
            <Button
              variant="secondary"
              className="ml-auto text-xs"
              disabled={!q.data}
              onClick={() =>
                pin(
                  `${label}: ${q.data?.next_cursor ? `more than ${lines.length}` : lines.length} error lines${classes.length ? `; the first ${lines.length}: ${classes.map(([c, n]) => `${c} ${n}`).join(", ")}` : ""}`,
                  url,
                  label,
                )
              }
            >
              Pin as evidence
            </Button>
          ))}
      </h3>
      {error && <ErrorNotice title="Couldn't pin" message={error.message} />}
      {q.isPending ? (
        <Skeleton rows={3} />
      ) : q.isError ? (
        <ErrorNotice title="Couldn't load platform logs" message={q.error.message} />
      ) : lines.length === 0 ? (
        <p className="mt-1 text-sm text-muted">No platform errors from these components in this window.</p>
      ) : (
        <>
          <p className="mt-1 text-xs text-muted">
            {q.data.next_cursor
              ? `The first ${lines.length} lines`
              : `${lines.length} line${lines.length === 1 ? "" : "s"}`}{" "}
            · {classes.map(([c, n]) => `${c} ${n}`).join(" · ")}
          </p>
          <ol
            tabIndex={0}
            aria-label="Platform errors around impact start"
            className="mt-1 max-h-64 overflow-auto rounded border border-zinc-100 font-mono text-xs dark:border-zinc-800"
          >
            {lines.slice(0, 20).map((l) => (
              <li key={l.id} className="flex gap-2 px-2 py-0.5">
                <span className="shrink-0 text-muted">{formatTime(l.ts, mode).slice(11)}</span>
                <span className={`shrink-0 uppercase ${LEVEL_STYLE[l.level] ?? ""}`}>{levelLabel(l.level)}</span>
                <span className="shrink-0 text-muted">{l.node_id}</span>
                <span className="min-w-0 truncate">{l.message}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
