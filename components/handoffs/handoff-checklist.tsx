"use client";

// A handoff's checklist pieces: one item with its note (ticked at once, kept in step with the server), and
// the list of what the gate still refuses.
import { useState } from "react";
import type { HandoffView } from "@/lib/handoffs/contract";
import { PAGING_ITEM } from "@/lib/handoffs/rules";

type Item = HandoffView["handoff"]["items"][number];

export function Problems({ title, problems }: { title: string; problems: { message: string }[] }) {
  if (!problems.length) return null;
  return (
    <div
      role="status"
      aria-label={title}
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      <p className="font-medium">{title}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {problems.map((p, i) => (
          <li key={i}>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function ItemRow({
  item,
  canEdit,
  onChange,
  proven = true,
}: {
  item: Item;
  canEdit: boolean;
  onChange: (b: { done?: boolean; note?: string }, onRefused?: () => void) => void;
  proven?: boolean;
}) {
  const [note, setNote] = useState(item.note);
  const [done, setDone] = useState(item.done); // shown at once
  // The server's answer replaces what is shown only where it changed: a reply to an earlier save (the
  // note saved on blur as the box is ticked) must not untick a box whose own save is still on its way.
  const [server, setServer] = useState({ done: item.done, note: item.note });
  if (server.done !== item.done || server.note !== item.note) {
    if (server.done !== item.done) setDone(item.done);
    if (server.note !== item.note) setNote(item.note);
    setServer({ done: item.done, note: item.note });
  }
  const [asked, setAsked] = useState(false);
  const needsNote = item.key === PAGING_ITEM && !proven;
  return (
    <li className="py-2" data-item={item.key}>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={done}
          disabled={!canEdit}
          onChange={(e) => {
            if (e.target.checked && needsNote && !note.trim()) return setAsked(true);
            setDone(e.target.checked);
            onChange({ done: e.target.checked, ...(e.target.checked && needsNote ? { note } : {}) }, () =>
              setDone(server.done),
            );
          }}
          aria-label={item.label}
        />
        <span className={done ? "text-muted line-through decoration-zinc-400" : ""}>{item.label}</span>
      </label>
      {canEdit ? (
        <input
          className="mt-1 ml-6 w-[calc(100%-1.5rem)] rounded border border-zinc-200 bg-transparent px-2 py-0.5 text-xs dark:border-zinc-700"
          placeholder={needsNote ? "How did you confirm it? (or send a test page)" : "Note (optional)"}
          aria-label={`Note for ${item.label}`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => note !== item.note && onChange({ note })}
        />
      ) : null}
      {canEdit && asked && !note.trim() ? (
        <p role="alert" className="mt-1 ml-6 text-xs text-red-700 dark:text-red-400">
          Say in the note how you confirmed paging reaches you — or send yourself a test page, which ticks it.
        </p>
      ) : null}
      {canEdit
        ? null
        : item.note && <p className="mt-0.5 ml-6 text-xs text-zinc-600 dark:text-zinc-400">{item.note}</p>}
    </li>
  );
}
