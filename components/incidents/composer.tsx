"use client";

// The timeline composer: a kind, the text (Ctrl+Enter adds it), a runbook or a link where the kind
// needs one, an optional time it happened, and corrections of earlier entries.
import { useCallback, useEffect, useState } from "react";
import type { TimelineEntry } from "@/lib/incidents/contract";
import { WRITABLE_KINDS } from "@/lib/incidents/rules";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/page";
import { control } from "./styles";

interface Draft {
  kind: (typeof WRITABLE_KINDS)[number];
  body: string;
  runbook: string;
  url: string;
  occurred: string;
  corrects: string;
}
const EMPTY: Draft = { kind: "note", body: "", runbook: "", url: "", occurred: "", corrects: "" };

/**
 * The composer's draft, kept in this browser across reloads and reconnects. The page owns it, so the
 * timeline can start a correction in it.
 */
export function useEntryDraft(id: string) {
  const key = `incident-draft:${id}`;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    const saved = localStorage.getItem(key);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- restore the draft kept in this browser
    if (saved) setDraft({ ...EMPTY, ...(JSON.parse(saved) as Partial<Draft>) });
  }, [key]);
  const update = useCallback(
    (d: Draft) => {
      setDraft(d);
      localStorage.setItem(key, JSON.stringify(d));
    },
    [key],
  );
  const correct = useCallback((entry: TimelineEntry) => update({ ...EMPTY, kind: entry.kind as Draft["kind"], body: entry.body, corrects: entry.id }), [update]);
  const clear = useCallback(
    (kind: Draft["kind"]) => {
      localStorage.removeItem(key);
      setDraft({ ...EMPTY, kind });
    },
    [key],
  );
  return { draft, update, correct, clear };
}

export type EntryDraft = ReturnType<typeof useEntryDraft>;

export function Composer({ id, draft: { draft, update, clear } }: { id: string; draft: EntryDraft }) {
  const m = useIncidentMutations(id);
  const submit = () => {
    if (m.append.isPending) return;
    m.append.mutate(
      {
        kind: draft.kind,
        body: draft.body,
        data: draft.kind === "runbook_deviation" ? { runbook: draft.runbook } : draft.kind === "evidence" ? { url: draft.url } : undefined,
        occurred_at: draft.occurred ? new Date(`${draft.occurred}Z`).toISOString() : undefined,
        corrects: draft.corrects || undefined,
      },
      {
        onSuccess: () => clear(draft.kind),
      },
    );
  };
  return (
    <Panel className="p-3">
      <form
        aria-label="Add to timeline"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="space-y-2"
      >
        <div className="flex flex-wrap items-center gap-2">
          <select aria-label="Kind" className={control} value={draft.kind} onChange={(e) => update({ ...draft, kind: e.target.value as Draft["kind"] })}>
            {WRITABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {draft.kind === "runbook_deviation" && <input aria-label="Runbook" className={`${control} flex-1`} placeholder="Runbook you deviate from" value={draft.runbook} onChange={(e) => update({ ...draft, runbook: e.target.value })} />}
          {draft.kind === "evidence" && <input aria-label="Evidence link" className={`${control} flex-1`} placeholder="Paste a dashboard or log link" value={draft.url} onChange={(e) => update({ ...draft, url: e.target.value })} />}
          <label className="ml-auto flex min-w-0 flex-wrap items-center gap-1 text-xs text-zinc-500">
            happened at (UTC, optional)
            <input type="datetime-local" aria-label="Occurred at (UTC)" className={`${control} min-w-0 max-w-full`} value={draft.occurred} onChange={(e) => update({ ...draft, occurred: e.target.value })} />
          </label>
        </div>
        {draft.corrects && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Correcting #{draft.corrects}.{" "}
            <button type="button" className="text-indigo-600 hover:underline" onClick={() => update({ ...draft, corrects: "" })}>
              cancel correction
            </button>
          </p>
        )}
        <textarea
          aria-label="Entry"
          className={`${control} block h-20 w-full`}
          placeholder="What happened, what you did, what you decided… (Ctrl+Enter to add)"
          value={draft.body}
          onChange={(e) => update({ ...draft, body: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={m.append.isPending}>
            {m.append.isPending ? "Adding…" : "Add to timeline"}
          </Button>
          {m.append.isError && <span className="text-sm text-red-600">{m.append.error.message}</span>}
        </div>
      </form>
    </Panel>
  );
}
