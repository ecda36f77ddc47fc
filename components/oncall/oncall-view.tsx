"use client";

// On call: who holds each layer now, the week's shifts per layer with overrides cut in, and a form to
// take a shift (or part of one). Times are shown as the rest of the console shows them (UTC or local).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { shiftsQuery, useOverrides } from "@/lib/client/queries/oncall";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import type { People } from "@/components/incidents/people";
import { ContactForm } from "./contact-form";
import { OverrideForm } from "./override-form";
import { ScheduleEditor } from "./schedule-editor";
import { Next, Now, Week } from "./shifts";

const DAY = 86_400_000;

export function OnCallView({
  people,
  me,
  canWrite,
  isAdmin,
  channels,
}: {
  people: People;
  me: string;
  canWrite: boolean;
  isAdmin: boolean;
  /** Which severities use which channels (NOTIFY_CHANNELS), in a line. */
  channels: string;
}) {
  // The week from the start of today (UTC), so today's earlier shifts show too.
  const [[from, to]] = useState((): [string, string] => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    return [new Date(today).toISOString(), new Date(today + 7 * DAY).toISOString()];
  });
  const week = useQuery(shiftsQuery(from, to));
  const { cancel } = useOverrides();
  return (
    <div className="space-y-6">
      <section aria-label="Now" className="space-y-3">
        <Now />
        <Next />
      </section>
      {canWrite && (
        <Panel className="p-4">
          <h2 className="mb-2 font-medium">Take a shift, or part of one</h2>
          <OverrideForm people={people} me={me} />
        </Panel>
      )}
      <Panel className="p-4">
        <h2 className="font-medium">Where you are notified</h2>
        <p className="mb-2 text-xs text-muted">
          An unacknowledged alert goes to the primary, then each next layer, by the channels its severity uses among
          these. Without any, the platform&apos;s paging webhook is used, if there is one.
        </p>
        <ContactForm channels={channels} />
      </Panel>
      <section aria-labelledby="week-heading">
        <h2 id="week-heading" className="mb-2 font-medium">
          This week
        </h2>
        {week.isPending ? (
          <Skeleton rows={6} />
        ) : week.isError ? (
          <ErrorNotice title="The week could not load" message={week.error.message} />
        ) : (
          <Week shifts={week.data.shifts} onCancel={(id) => cancel.mutate(id)} canWrite={canWrite} />
        )}
      </section>
      {isAdmin && (
        <details className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
          <summary className="tap cursor-pointer font-medium">Edit the schedule (admins)</summary>
          <div className="mt-3">
            <ScheduleEditor people={people} />
          </div>
        </details>
      )}
    </div>
  );
}
