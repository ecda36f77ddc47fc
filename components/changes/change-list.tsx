"use client";

// Changes as a list: when, what kind, which service and regions, the summary, who, how it went, a link
// to the run or the diff — and a freeze violation stands out. A row can carry an action (pin as evidence).
import { envHref } from "@/lib/events/links";
import Link from "next/link";
import type { Change } from "@/lib/changes/contract";
import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";

export const STATUS_TONE: Record<Change["status"], Tone> = {
  started: "info",
  succeeded: "good",
  failed: "bad",
  rolled_back: "warn",
};
const statusText = (s: Change["status"]) => s.replace("_", " ");

export function ChangeList({
  changes,
  action,
  empty = "No changes in this window.",
}: {
  changes: Change[];
  action?: (c: Change) => React.ReactNode;
  empty?: string;
}) {
  if (changes.length === 0) return <p className="px-3 py-4 text-sm text-muted">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Changes">
      {changes.map((c) => (
        <li
          key={c.id}
          data-change={c.id}
          className="flex flex-col gap-1 px-3 py-2 text-sm sm:flex-row sm:items-start sm:gap-3"
        >
          <span className="shrink-0 text-xs text-muted sm:w-40 sm:pt-0.5">
            <Time iso={c.started_at} />
          </span>
          <div className="min-w-0 flex-1">
            <p className="flex flex-wrap items-center gap-1.5">
              <Badge tone="neutral">{c.kind}</Badge>
              <span className="font-medium">{c.service}</span>
              <span className="text-xs text-muted">{c.regions.length ? c.regions.join(", ") : "all regions"}</span>
              <Badge tone={STATUS_TONE[c.status]}>{statusText(c.status)}</Badge>
              {c.freeze_violation && <Badge tone="bad">during deploy freeze</Badge>}
              {c.maintenance && <Badge tone="info">in maintenance {c.maintenance.ref}</Badge>}
            </p>
            <p className="mt-0.5 break-words">{c.summary}</p>
            <p className="text-xs text-muted">
              by {c.actor}
              {c.ref && <span className="font-mono"> · {c.ref}</span>}
              {c.org_id && <span> · {[c.org_id, c.app_id, c.env_id].filter(Boolean).join("/")}</span>}
              {c.org_id && c.app_id && c.env_id && (
                <>
                  {" · "}
                  <Link
                    href={envHref(c.org_id, c.app_id, c.env_id)}
                    className="tap text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
                  >
                    is it serving?
                  </Link>
                </>
              )}
              {c.url && (
                <>
                  {" · "}
                  <a
                    href={c.url}
                    target="_blank"
                    rel="noreferrer"
                    className="tap text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
                  >
                    run / diff
                  </a>
                </>
              )}
            </p>
          </div>
          {action && <div className="shrink-0">{action(c)}</div>}
        </li>
      ))}
    </ul>
  );
}
