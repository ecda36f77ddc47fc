"use client";

// The timeline composer: the text first (Ctrl+Enter adds it; `n` anywhere on the page comes here), a
// kind, a runbook (the known ones offered) or a link where the kind needs one, the time it happened when
// it was earlier (behind one button, out of the tab order until asked for), and corrections.
import { useCallback, useEffect, useState } from "react";
import type { TimelineEntry } from "@/lib/incidents/contract";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/page";
import { control } from "@/components/ui/control";
import { AUDIENCES, WRITABLE_KINDS, type Audience } from "@/lib/vocabulary";
import { oneOf } from "@/lib/client/one-of";
import { parseUtcInput } from "@/lib/client/range";
import { DateTimeInput } from "@/components/ui/time-input";

interface Draft {
  kind: (typeof WRITABLE_KINDS)[number];
  body: string;
  runbook: string;
  url: string;
  occurred: string;
  corrects: string;
  /** For a status update: who it is for. */
  audience: Audience;
}
const EMPTY: Draft = { kind: "note", body: "", runbook: "", url: "", occurred: "", corrects: "", audience: "internal" };

/** A draft this browser kept, read back field by field: what is missing or not of its kind stays as in EMPTY. */
function storedDraft(saved: string): Draft {
  const data: unknown = JSON.parse(saved);
  const field = (k: keyof Draft): unknown =>
    typeof data === "object" && data !== null ? Object.getOwnPropertyDescriptor(data, k)?.value : undefined;
  const text = (k: "body" | "runbook" | "url" | "occurred" | "corrects") => {
    const v = field(k);
    return typeof v === "string" ? v : EMPTY[k];
  };
  return {
    kind: oneOf(WRITABLE_KINDS, field("kind")) ?? EMPTY.kind,
    body: text("body"),
    runbook: text("runbook"),
    url: text("url"),
    occurred: text("occurred"),
    corrects: text("corrects"),
    audience: oneOf(AUDIENCES, field("audience")) ?? EMPTY.audience,
  };
}

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
    if (saved) setDraft(storedDraft(saved));
  }, [key]);
  const update = useCallback(
    (d: Draft) => {
      setDraft(d);
      localStorage.setItem(key, JSON.stringify(d));
    },
    [key],
  );
  const correct = useCallback(
    (entry: TimelineEntry) =>
      update({
        ...EMPTY,
        kind: oneOf(WRITABLE_KINDS, entry.kind) ?? EMPTY.kind,
        body: entry.body,
        corrects: entry.id,
        audience: entry.data.audience === "customer" ? "customer" : "internal",
      }),
    [update],
  );
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

export function Composer({
  id,
  draft: { draft, update, clear },
  runbooks,
}: {
  id: string;
  draft: EntryDraft;
  runbooks: { slug: string; title: string }[];
}) {
  const m = useIncidentMutations(id);
  const occurredAt = draft.occurred.trim() ? parseUtcInput(draft.occurred) : null;
  const badTime = draft.occurred.trim() !== "" && occurredAt === null;
  const submit = () => {
    if (m.append.isPending || badTime) return;
    m.append.mutate(
      {
        kind: draft.kind,
        body: draft.body,
        data:
          draft.kind === "runbook_deviation"
            ? { runbook: draft.runbook }
            : draft.kind === "evidence"
              ? { url: draft.url }
              : draft.kind === "status_update"
                ? { audience: draft.audience }
                : undefined,
        occurred_at: occurredAt === null ? undefined : new Date(occurredAt).toISOString(),
        corrects: draft.corrects || undefined,
      },
      {
        onSuccess: () => clear(draft.kind),
      },
    );
  };
  // A fixed field clears the error it caused.
  const edit = (d: Draft) => {
    if (m.append.isError) m.append.reset();
    update(d);
  };
  const [timed, setTimed] = useState(false);
  const showTime = timed || Boolean(draft.occurred);
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
        {draft.corrects && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Correcting #{draft.corrects}.{" "}
            <button
              type="button"
              className="text-indigo-700 hover:underline dark:text-indigo-400"
              onClick={() => edit({ ...draft, corrects: "" })}
            >
              cancel correction
            </button>
          </p>
        )}
        <textarea
          id="timeline-entry"
          aria-label="Entry"
          aria-keyshortcuts="n"
          className={`${control} block h-20 w-full`}
          placeholder="What happened, what you did, what you decided…"
          aria-describedby="timeline-entry-keys"
          value={draft.body}
          onChange={(e) => edit({ ...draft, body: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label="Kind"
            className={control}
            value={draft.kind}
            onChange={(e) => edit({ ...draft, kind: oneOf(WRITABLE_KINDS, e.target.value) ?? draft.kind })}
          >
            {WRITABLE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {draft.kind === "runbook_deviation" && (
            <>
              <input
                aria-label="Runbook"
                list="known-runbooks"
                className={`${control} min-w-0 flex-1`}
                placeholder="Runbook you deviate from"
                value={draft.runbook}
                onChange={(e) => edit({ ...draft, runbook: e.target.value })}
              />
              <datalist id="known-runbooks">
                {runbooks.map((r) => (
                  <option key={r.slug} value={r.slug}>
                    {r.title}
                  </option>
                ))}
              </datalist>
            </>
          )}
          {draft.kind === "status_update" && (
            <select
              aria-label="Audience"
              className={control}
              value={draft.audience}
              onChange={(e) => edit({ ...draft, audience: oneOf(AUDIENCES, e.target.value) ?? draft.audience })}
            >
              <option value="internal">internal (responders, stakeholders)</option>
              <option value="customer">customers (public status page)</option>
            </select>
          )}
          {draft.kind === "evidence" && (
            <input
              aria-label="Evidence link"
              className={`${control} min-w-0 flex-1`}
              placeholder="Paste a dashboard or log link"
              value={draft.url}
              onChange={(e) => edit({ ...draft, url: e.target.value })}
            />
          )}
          <span id="timeline-entry-keys" className="ml-auto hidden text-xs text-muted pointer-fine:inline">
            Ctrl+Enter adds it
          </span>
          <Button type="submit" className="w-full sm:w-auto" disabled={m.append.isPending}>
            {m.append.isPending ? "Adding…" : "Add to timeline"}
          </Button>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
          {showTime ? (
            <label className="flex w-full min-w-0 flex-wrap items-center gap-1 sm:w-auto">
              happened at (UTC)
              <DateTimeInput
                aria-label="Occurred at (UTC, 24-hour)"
                aria-invalid={badTime || undefined}
                className={`${control} w-full min-w-0 sm:w-44`}
                value={draft.occurred}
                onValue={(v, text) => edit({ ...draft, occurred: v || text })}
              />
            </label>
          ) : (
            <button
              type="button"
              className="inline-flex min-h-11 items-center underline underline-offset-2 sm:min-h-0"
              aria-expanded={false}
              onClick={() => setTimed(true)}
            >
              It happened earlier: set the time
            </button>
          )}
          {badTime && (
            <span role="alert" className="text-sm text-red-700 dark:text-red-400">
              Type when it happened like 2026-12-03 05:29 (UTC, 24-hour).
            </span>
          )}
          {m.append.isError && (
            <span role="alert" className="text-sm text-red-700 dark:text-red-400">
              {m.append.error.message}
            </span>
          )}
        </div>
      </form>
    </Panel>
  );
}
