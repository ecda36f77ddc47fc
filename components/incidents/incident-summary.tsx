"use client";

// What the incident is, in the IC's words (shown first, edited by the IC, each change in the timeline), and
// when the next customer update is due.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Incident } from "@/lib/incidents/contract";
import { timelineQuery, useIncidentMutations } from "@/lib/client/queries/incidents";
import { customerUpdateDue } from "@/lib/incidents/rules";
import { useNow } from "@/lib/client/use-now";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import type { EntryDraft } from "./composer";

/** When the next customer update is due (per the severity's cadence), and a way to write it now. */
export function CustomerUpdateDue({ id, incident: i, draft }: { id: string; incident: Incident; draft: EntryDraft }) {
  // `id` as the page has it (INC-n or the id): the live stream keeps that timeline current.
  const t = useQuery(timelineQuery(id));
  const now = useNow(30_000);
  if (!t.data || i.customer_update_every_minutes === null) return null;
  const last = t.data.entries.filter((e) => e.kind === "status_update" && e.data.audience === "customer").at(-1);
  const due = customerUpdateDue(
    { status: i.status, declaredAt: i.declared_at },
    last?.occurred_at ?? null,
    i.customer_update_every_minutes,
  );
  if (!due) return null;
  const mins = Math.round((Date.parse(due.due_at) - now) / 60_000);
  return (
    <p
      role="status"
      className={`mt-2 flex flex-wrap items-center gap-2 text-sm ${mins < 0 ? "font-medium text-red-700 dark:text-red-400" : "text-muted"}`}
      data-testid="customer-update-due"
    >
      {mins < 0 ? `Customer update overdue by ${-mins} min` : `Next customer update due in ${mins} min`} (
      {i.severity.toUpperCase()}: every {due.every_minutes} min{last ? "" : "; none posted yet"}).
      <button
        type="button"
        className="inline-flex min-h-11 items-center text-indigo-700 underline underline-offset-2 sm:min-h-0 dark:text-indigo-400"
        onClick={() => {
          draft.update({ ...draft.draft, kind: "status_update", audience: "customer" });
          document.querySelector<HTMLTextAreaElement>("textarea[aria-label=Entry]")?.focus();
        }}
      >
        Write a customer update
      </button>
    </p>
  );
}

export function Summary({ id, summary, editable }: { id: string; summary: string; editable: boolean }) {
  const { update } = useIncidentMutations(id);
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    return (
      <form
        aria-label="Edit the summary"
        className="mt-3 space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ summary: draft.trim() }, { onSuccess: () => setDraft(null) });
        }}
      >
        <textarea
          aria-label="Summary"
          className={`${control} block h-24 w-full`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={5000}
          placeholder="What is broken, for whom, since when, and what is being done"
        />
        <div className="flex gap-2">
          <Button type="submit" disabled={update.isPending}>
            Save summary
          </Button>
          <Button type="button" variant="ghost" onClick={() => setDraft(null)}>
            Cancel
          </Button>
          {update.isError && <span className="text-sm text-red-700 dark:text-red-400">{update.error.message}</span>}
        </div>
      </form>
    );
  }
  return (
    <div className="mt-3 flex items-start gap-2">
      <p
        className={`min-w-0 flex-1 text-sm whitespace-pre-wrap ${summary ? "" : "text-muted"}`}
        data-testid="incident-summary"
      >
        {summary ||
          (editable ? "No summary yet — say what is broken, for whom, and what is being done." : "No summary yet.")}
      </p>
      {editable && (
        <Button variant="secondary" className="shrink-0 text-xs" onClick={() => setDraft(summary)}>
          {summary ? "Edit summary" : "Write summary"}
        </Button>
      )}
    </div>
  );
}
