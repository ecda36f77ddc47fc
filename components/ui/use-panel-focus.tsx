"use client";

// A panel that opens on top of what someone was doing — a confirmation, a list of keys — takes the
// focus when it opens, closes with Esc, and gives the focus back to where it was when it closes.
import { useEffect, useRef, type ReactNode, type RefObject } from "react";

const FOCUSABLE = 'textarea, input:not([type=hidden]), select, button, [href], [tabindex]:not([tabindex="-1"])';

/** Focuses the first control in `ref` (or `ref` itself) on mount; Esc inside calls `onClose`; focus returns on unmount. */
export function usePanelFocus(ref: RefObject<HTMLElement | null>, onClose: () => void) {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (panel.querySelector<HTMLElement>(FOCUSABLE) ?? panel).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      e.preventDefault();
      close.current();
    };
    panel.addEventListener("keydown", onKey);
    return () => {
      panel.removeEventListener("keydown", onKey);
      // Back to where the person was, unless they have since moved on to something else.
      const now = document.activeElement;
      if (before?.isConnected && (!now || now === document.body || panel.contains(now))) before.focus();
    };
  }, [ref]);
}

/** A panel that takes the focus when it appears and gives it back when it goes (see usePanelFocus). */
export function FocusPanel({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  usePanelFocus(ref, onClose);
  return <div ref={ref}>{children}</div>;
}
