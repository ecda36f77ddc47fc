"use client";

// On call: every team's on call now, then one team's rotation (chosen in the URL, `?team=`): who holds each
// layer now, the week's shifts per layer with overrides cut in, a form to take a shift (or part of one),
// and the admins' schedule editor. Times are shown as the rest of the console shows them (UTC or local).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { shiftsQuery, teamsQuery, useOverrides } from "@/lib/client/queries/oncall";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { SelectField } from "@/components/ui/select-field";
import type { People } from "@/components/incidents/people";
import { PLATFORM_TEAM } from "@/lib/vocabulary";
import { ContactForm } from "./contact-form";
import { OverrideForm } from "./override-form";
import { ScheduleEditor } from "./schedule-editor";
import { Next, Now, Week, type OnCallNow } from "./shifts";
import { TeamsNow, type TeamList } from "./teams-now";

const DAY = 86_400_000;

export function OnCallView({
  people,
  teams: initialTeams,
  now,
  me,
  canWrite,
  isAdmin,
  channels,
}: {
  people: People;
  /** Every team's on call as the page was served. */
  teams: TeamList;
  /** The chosen team's on call now and next, as the page was served. */
  now?: OnCallNow;
  me: string;
  canWrite: boolean;
  isAdmin: boolean;
  /** Which severities use which channels (NOTIFY_CHANNELS), in a line. */
  channels: string;
}) {
  const { params, set } = useUrlFilters();
  const team = params.get("team") || PLATFORM_TEAM;
  const teams = useQuery({ ...teamsQuery(), initialData: initialTeams });
  const name = teams.data?.teams.find((t) => t.id === team)?.name ?? team;
  // The week from the start of today (UTC), so today's earlier shifts show too.
  const [[from, to]] = useState((): [string, string] => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    return [new Date(today).toISOString(), new Date(today + 7 * DAY).toISOString()];
  });
  const week = useQuery(shiftsQuery(team, from, to));
  const { cancel } = useOverrides();
  return (
    <div className="space-y-6">
      <section aria-labelledby="teams-heading" className="space-y-2">
        <h2 id="teams-heading" className="font-medium">
          Every team
        </h2>
        {teams.isError && (
          <ErrorNotice
            title="Every team's on call could not refresh"
            message={`Shown as of ${new Date(teams.dataUpdatedAt).toISOString().slice(11, 16)} UTC: ${teams.error.message}`}
          />
        )}
        <TeamsNow selected={team} teams={teams.data.teams} />
      </section>
      <div className="flex flex-wrap items-end gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h2 className="text-lg font-semibold">{name}&apos;s rotation</h2>
        <SelectField
          label="Team"
          value={team}
          options={(teams.data?.teams ?? [{ id: team, name }]).map((t) => [t.id, t.name] as const)}
          onChange={(v) => set("team", v === PLATFORM_TEAM ? "" : v)}
        />
      </div>
      <section aria-label="Now" className="space-y-3">
        <Now team={team} initial={now?.team === team ? now : undefined} />
        <Next team={team} initial={now?.team === team ? now : undefined} />
      </section>
      {canWrite && (
        <Panel className="p-4">
          <h2 className="mb-2 font-medium">Take a shift, or part of one</h2>
          <OverrideForm key={team} team={team} people={people} me={me} />
        </Panel>
      )}
      <section aria-labelledby="week-heading">
        <h2 id="week-heading" className="mb-2 font-medium">
          This week
        </h2>
        {week.isPending ? (
          <Skeleton rows={6} />
        ) : week.isError ? (
          <ErrorNotice title="The week could not load" message={week.error.message} />
        ) : (
          <Week shifts={week.data.shifts} onCancel={(id) => cancel.mutate({ id, team })} canWrite={canWrite} />
        )}
      </section>
      {isAdmin && (
        <details className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
          <summary className="tap cursor-pointer font-medium">Edit the schedule (admins)</summary>
          <div className="mt-3">
            <ScheduleEditor key={team} team={team} people={people} />
          </div>
        </details>
      )}
      <Panel className="p-4">
        <h2 className="font-medium">Where you are notified</h2>
        <p className="mb-2 text-xs text-muted">
          An unacknowledged alert goes to the owning team&apos;s primary, then each next layer, by the channels its
          severity uses among these. Without any, the platform&apos;s paging webhook is used, if there is one.
        </p>
        <ContactForm channels={channels} />
      </Panel>
    </div>
  );
}
