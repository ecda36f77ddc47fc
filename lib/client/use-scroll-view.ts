"use client";

// Where a scrolled box is looking (its scrollTop and height), kept current on scroll and resize: what a
// virtualized list needs to draw only the rows in view.
import { useEffect, useRef, useState } from "react";

export function useScrollView<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener("scroll", update);
    };
  }, []);
  return { ref, view };
}
