"use client";

// Every team's on call now: a section per team with who holds each layer (shadow included) and who takes
// the primary next. Choosing a team shows its rotation below.
import Link from "next/link";
import type { ResponseOf } from "@/lib/http/endpoint";
import type { listTeamsEndpoint } from "@/lib/teams/contract";
import { Panel } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { LAYER_LABEL as LABEL } from "./layer-label";

const link = "tap text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-400";

export type TeamList = ResponseOf<typeof listTeamsEndpoint>;

/** Every team's on call, from the page's own query (served with the page, refreshed every minute). */
export function TeamsNow({ selected, teams }: { selected: string; teams: TeamList["teams"] }) {
  return (
    <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" aria-label="Every team's on call">
      {teams.map((t) => (
        <li key={t.id} data-team={t.id}>
          <Panel className={`h-full p-4 ${t.id === selected ? "ring-2 ring-indigo-500 dark:ring-indigo-400" : ""}`}>
            <section aria-labelledby={`team-${t.id}`}>
              <div className="flex items-baseline justify-between gap-2">
                <h3 id={`team-${t.id}`} className="font-medium">
                  {t.name}
                </h3>
                {t.id !== selected && (
                  <Link className={link} href={`/oncall?team=${encodeURIComponent(t.id)}`}>
                    Rotation
                  </Link>
                )}
              </div>
              {t.on_call.length ? (
                <ul className="mt-1 space-y-0.5 text-sm" aria-label={`Who is on call in ${t.name}`}>
                  {t.on_call.map((s) => (
                    <li key={s.layer} data-layer={s.layer}>
                      <span className="text-muted">{LABEL[s.layer]}</span>{" "}
                      <span className="font-medium">{s.user.name}</span>
                      {s.override_id ? <span className="text-muted"> (override)</span> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-sm text-muted">No rotation set up.</p>
              )}
              {t.next_primary && (
                <p className="mt-1 text-xs text-muted">
                  Next primary: <span className="font-medium">{t.next_primary.user.name}</span> from{" "}
                  <Time iso={t.next_primary.start} compact />
                </p>
              )}
            </section>
          </Panel>
        </li>
      ))}
    </ul>
  );
}
