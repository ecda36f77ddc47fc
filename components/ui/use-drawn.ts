"use client";

// When a chart or a heavy panel is drawn: as soon as it nears the viewport, and otherwise one at a time while the
// browser is idle — so a dashboard's first paint does not wait on charts below the fold, and no long task
// draws them all at once. The chart's box keeps its height meanwhile, so nothing shifts.
import { useEffect, useState, type RefObject } from "react";

type Idle = (cb: () => void) => void;
const idle: Idle = (cb) =>
  typeof window.requestIdleCallback === "function"
    ? window.requestIdleCallback(cb, { timeout: 2000 })
    : setTimeout(cb, 50);

const queue: (() => void)[] = [];
let waiting = false;

/** Draws the next queued chart in the next idle period, then the one after in the period after that. */
function next() {
  if (waiting) return;
  const draw = queue.shift();
  if (!draw) return;
  waiting = true;
  idle(() => {
    waiting = false;
    draw(); // a no-op when that chart was drawn already (it scrolled into view): the queue goes on regardless
    next();
  });
}

export function useDrawn(ref: RefObject<HTMLElement | null>): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (drawn) return;
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") {
      setDrawn(true);
      return;
    }
    const draw = () => setDrawn(true);
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && draw(), {
      rootMargin: "200px 0px",
    });
    io.observe(el);
    queue.push(draw);
    next();
    return () => {
      io.disconnect();
      const i = queue.indexOf(draw);
      if (i >= 0) queue.splice(i, 1);
    };
  }, [drawn, ref]);
  return drawn;
}
