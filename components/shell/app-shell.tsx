"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { signOut } from "@/lib/client/sign-out";
import type { NavItem } from "@/lib/auth/pages";
import { TimeModeToggle } from "@/components/ui/time";
import { ThemeToggle } from "./theme-toggle";

const SECTIONS: { key: NavItem["section"]; label: string }[] = [
  { key: "platform", label: "Platform" },
  { key: "org", label: "Your orgs" },
  { key: "account", label: "Account" },
];

interface ShellUser {
  name: string;
  email: string;
  role: string;
}

/** The navigation's sections, for the sidebar and the phone menu alike. */
function NavSections({
  nav,
  isActive,
  onNavigate,
  large = false,
}: {
  nav: NavItem[];
  isActive: (href: string) => boolean;
  onNavigate?: () => void;
  large?: boolean;
}) {
  return (
    <>
      {SECTIONS.map(({ key, label }) => {
        const items = nav.filter((n) => n.section === key);
        if (!items.length) return null;
        return (
          <div key={key}>
            <p className="px-2 pb-1 text-xs font-medium tracking-wide text-muted uppercase">{label}</p>
            <ul className="space-y-0.5">
              {items.map((item) => (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={isActive(item.href) ? "page" : undefined}
                    className={`block truncate rounded-md px-2 ${large ? "py-3 text-base" : "py-1.5 text-sm"} ${
                      isActive(item.href)
                        ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                        : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                    }`}
                  >
                    {item.label}
                    <Pending />
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}

/**
 * A page opened from the navigation shows at once that it is on its way (pages are served whole, with their
 * data, so the old one stays until the new one arrives).
 */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className="ml-2 inline-block size-2 animate-pulse rounded-full bg-indigo-500 align-middle">
      <span className="sr-only">loading</span>
    </span>
  ) : null;
}

export function AppShell({ nav, user, children }: { nav: NavItem[]; user: ShellUser; children: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [menu, setMenu] = useState(false);
  const isActive = (href: string) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  const current = [...nav].sort((a, b) => b.href.length - a.href.length).find((n) => isActive(n.href));
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-indigo-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r border-zinc-200 bg-white md:flex md:flex-col dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex h-14 items-center gap-2 border-b border-zinc-200 px-4 dark:border-zinc-800">
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white"
          >
            OC
          </span>
          <span className="font-semibold">Ops Console</span>
        </div>
        <nav aria-label="Main" className="flex-1 space-y-5 overflow-y-auto p-3">
          <NavSections nav={nav} isActive={isActive} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-1 border-b border-zinc-200 bg-white px-2 md:gap-2 md:px-4 dark:border-zinc-800 dark:bg-zinc-900">
          <button
            type="button"
            className="mr-auto flex min-h-11 min-w-0 items-center gap-2 rounded-md px-2 text-left md:hidden"
            aria-expanded={menu}
            aria-controls="phone-menu"
            onClick={() => setMenu((m) => !m)}
          >
            <span aria-hidden className="text-lg leading-none">
              ☰
            </span>
            <span className="truncate font-semibold">Menu{current ? ` · ${current.label}` : ""}</span>
          </button>
          <TimeModeToggle />
          <ThemeToggle />
          <div className="relative">
            <button
              type="button"
              onClick={() => setOpen((o) => !o)}
              aria-haspopup="menu"
              aria-expanded={open}
              className="flex min-h-11 items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-zinc-100 md:min-h-0 dark:hover:bg-zinc-800"
            >
              <span
                aria-hidden
                className="grid size-7 place-items-center rounded-full bg-zinc-200 text-xs font-semibold dark:bg-zinc-700"
              >
                {user.name.slice(0, 1).toUpperCase()}
              </span>
              <span className="sr-only">Account menu: </span>
              <span className="hidden max-w-48 truncate sm:inline">{user.name}</span>
              <span className="sr-only sm:hidden">{user.name}</span>
            </button>
            {open && (
              <div
                role="menu"
                className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
              >
                <div className="border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700">
                  <p className="truncate font-medium">{user.name}</p>
                  <p className="truncate text-muted">{user.email}</p>
                  <p className="mt-1 text-xs text-muted">role: {user.role}</p>
                </div>
                <Link
                  role="menuitem"
                  href="/tokens"
                  onClick={() => setOpen(false)}
                  className="block rounded px-3 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  API tokens
                </Link>
                <button
                  role="menuitem"
                  type="button"
                  onClick={() => void signOut()}
                  className="block w-full rounded px-3 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  Sign out
                </button>
              </div>
            )}
          </div>
        </header>
        {menu && (
          <nav
            id="phone-menu"
            aria-label="Main (phone)"
            className="space-y-4 border-b border-zinc-200 bg-white p-3 shadow-sm md:hidden dark:border-zinc-800 dark:bg-zinc-900"
            onKeyDown={(e) => e.key === "Escape" && setMenu(false)}
          >
            <NavSections nav={nav} isActive={isActive} onNavigate={() => setMenu(false)} large />
          </nav>
        )}
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl min-w-0 flex-1 p-4 focus:outline-none md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
