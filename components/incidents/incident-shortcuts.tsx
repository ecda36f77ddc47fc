"use client";

// The IC's keyboard: `n` to the timeline box, `s` to the status control, `?` for the list of keys — from
// anywhere but a text field, which Esc leaves. On a select a letter is a shortcut, never type-ahead: a
// keystroke must not quietly turn a note into a status update.
import { useEffect, useRef } from "react";
import { usePanelFocus } from "@/components/ui/use-panel-focus";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/page";

/** The IC's keys: `n` to the timeline box, `s` to the status control, `?` for this list. Never while typing. */
const SHORTCUTS: [key: string, what: string][] = [
  ["n", "write in the timeline"],
  ["s", "change the status (then confirm)"],
  ["?", "show or hide these shortcuts"],
  ["Ctrl+Enter", "add the entry you are writing"],
  ["Enter", "on a changed status or severity: go to its confirmation"],
  ["Esc", "leave a text field; drop a change you have not confirmed; close this list"],
];

/** Where typing is text: letters there are the person's words, not shortcuts. */
function isTextField(t: HTMLElement | null): boolean {
  if (!t) return false;
  if (t.isContentEditable || t.tagName === "TEXTAREA") return true;
  return t instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(t.type);
}

export function useShortcuts(onHelp: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target instanceof HTMLElement ? e.target : null;
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTextField(t)) {
        if (e.key === "Escape") t!.blur();
        return;
      }
      if (e.key === "n") document.getElementById("timeline-entry")?.focus();
      else if (e.key === "s") document.querySelector<HTMLSelectElement>('select[aria-label="Status"]')?.focus();
      else if (e.key === "?") onHelp();
      else if (!(t instanceof HTMLSelectElement && e.key.length === 1 && e.key !== " ")) return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onHelp]);
}

/** The list of keys, shown and hidden with `?`. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  usePanelFocus(ref, onClose);
  return (
    <Panel className="p-4 text-sm">
      <div role="dialog" aria-label="Keyboard shortcuts" ref={ref}>
        <div className="flex items-center justify-between">
          <h2 className="font-medium">Keyboard shortcuts</h2>
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
        <dl className="mt-2 grid grid-cols-[7rem_1fr] gap-y-1">
          {SHORTCUTS.map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1.5 font-mono text-xs dark:border-zinc-600">{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Panel>
  );
}
