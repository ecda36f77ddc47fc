"use client";

// Light, dark or follow the system; the choice is kept in localStorage and applied before paint (app/layout).
import { useEffect, useState } from "react";
import { oneOf } from "@/lib/client/one-of";

const THEMES = ["system", "light", "dark"] as const;
type Theme = (typeof THEMES)[number];
/** The stored choice, or following the system when there is none. */
const storedTheme = (): Theme => oneOf(THEMES, localStorage.getItem("theme")) ?? "system";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<Theme, string> = { system: "Auto", light: "Light", dark: "Dark" };
const ICON: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const saved = storedTheme();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read once from the browser after hydration
    setTheme(saved);
    const mq = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply(storedTheme());
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, []);
  return (
    <button
      type="button"
      onClick={() => {
        const next = NEXT[theme];
        localStorage.setItem("theme", next);
        setTheme(next);
        apply(next);
      }}
      className="min-h-11 min-w-11 rounded-md px-2 whitespace-nowrap py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 md:min-h-0 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`Theme: ${LABEL[theme].toLowerCase()} — switch`}
      title="Theme: follow the system, light or dark"
    >
      <span className="hidden sm:inline">Theme: {LABEL[theme].toLowerCase()}</span>
      <span className="sm:hidden" aria-hidden>
        {ICON[theme]}
      </span>
    </button>
  );
}
