// The console's pages, each with who may open it: one table that both the navigation and every page's
// guard read, so what the menu offers and what a page allows cannot drift apart. Browser-safe.
import { holds, seesEveryOrg, type Grants } from "./permissions";
import { type Scope } from "@/lib/vocabulary";

export type PageKey = keyof typeof PAGES;

interface PageDef {
  href: string;
  label: string;
  section: "platform" | "org" | "account";
  /** In the navigation (pages under another, like one incident, are not). */
  nav: boolean;
  /** Who may open it; `org` for pages of one org. */
  allowed: (grants: Grants, org?: string) => boolean;
  /** What the page says to someone who may not. */
  denied: string;
}

const scope =
  (s: Scope) =>
  (g: Grants, org?: string): boolean =>
    holds(g, s, org);
const anyone = () => true;

export const PAGES = {
  overview: { href: "/", label: "Overview", section: "platform", nav: true, allowed: anyone, denied: "" },
  dashboards: {
    href: "/dashboards",
    label: "Dashboards",
    section: "platform",
    nav: true,
    allowed: scope("dashboards:read"),
    denied: "Platform dashboards are for operators.",
  },
  incidents: {
    href: "/incidents",
    label: "Incidents",
    section: "platform",
    nav: true,
    allowed: scope("incidents:read"),
    denied: "Incidents are for on-call engineers and incident commanders.",
  },
  alerts: {
    href: "/alerts",
    label: "Alerts",
    section: "platform",
    nav: true,
    allowed: scope("alerts:write"),
    denied: "Alerts are for on-call engineers.",
  },
  insights: {
    href: "/insights",
    label: "Weekly review",
    section: "platform",
    nav: true,
    allowed: scope("dashboards:read"),
    denied: "The weekly review is for operators.",
  },
  changes: {
    href: "/changes",
    label: "Changes",
    section: "platform",
    nav: true,
    allowed: scope("incidents:read"),
    denied: "The platform's change feed is for on-call engineers and incident commanders.",
  },
  platformLogs: {
    href: "/platform/logs",
    label: "Platform logs",
    section: "platform",
    nav: true,
    allowed: scope("platform-logs:read"),
    denied: "The platform's own logs are for operators and admins.",
  },
  platformEvents: {
    href: "/platform/events",
    label: "Platform events",
    section: "platform",
    nav: true,
    allowed: scope("platform-logs:read"),
    denied: "The platform's events and state are for operators and admins.",
  },
  traces: {
    href: "/traces",
    label: "Traces",
    section: "platform",
    nav: true,
    allowed: scope("traces:read"),
    denied: "The platform's traces are for operators and admins.",
  },
  correlate: {
    href: "/correlate",
    label: "Follow a request",
    section: "platform",
    nav: false,
    allowed: scope("platform-logs:read"),
    denied: "Following a request across the platform is for operators and admins.",
  },
  oncall: {
    href: "/oncall",
    label: "On call",
    section: "platform",
    nav: true,
    allowed: scope("incidents:read"),
    denied: "The on-call rotation is for on-call engineers and incident commanders.",
  },
  maintenance: {
    href: "/maintenance",
    label: "Maintenance",
    section: "platform",
    nav: true,
    allowed: scope("incidents:read"),
    denied: "Maintenance windows are for on-call engineers and incident commanders.",
  },
  services: {
    href: "/services",
    label: "Services",
    section: "platform",
    nav: true,
    allowed: scope("incidents:read"),
    denied: "The service catalog is for on-call engineers and incident commanders.",
  },
  handoffs: {
    href: "/handoffs",
    label: "Handoffs",
    section: "platform",
    nav: true,
    allowed: scope("handoffs:write"),
    denied: "Shift handoffs are for on-call engineers.",
  },
  orgs: {
    href: "/orgs",
    label: "Tenant orgs",
    section: "platform",
    nav: true,
    allowed: (g) => seesEveryOrg(g),
    denied: "The org directory is for operators and admins.",
  },
  audit: {
    href: "/audit",
    label: "Audit log",
    section: "platform",
    nav: true,
    allowed: scope("audit:read"),
    denied: "The platform audit log is for operators and admins.",
  },
  runbooks: {
    href: "/runbooks",
    label: "Runbooks",
    section: "platform",
    nav: false,
    allowed: scope("dashboards:read"),
    denied: "Runbooks are for operators and admins.",
  },
  orgLogs: {
    href: "/orgs/[org]/logs",
    label: "logs",
    section: "org",
    nav: true,
    allowed: scope("logs:read"),
    denied: "You can only read the logs of orgs you belong to.",
  },
  orgEnvs: {
    href: "/orgs/[org]/envs",
    label: "is it serving?",
    section: "org",
    nav: true,
    allowed: scope("logs:read"),
    denied: "You can only see the apps of orgs you belong to.",
  },
  orgAudit: {
    href: "/orgs/[org]/audit",
    label: "audit",
    section: "org",
    nav: true,
    allowed: scope("audit:read"),
    denied: "You can only see the audit log of orgs you belong to.",
  },
  tokens: { href: "/tokens", label: "API tokens", section: "account", nav: true, allowed: anyone, denied: "" },
} satisfies Record<string, PageDef>;

/** May these grants open the page (of `org`)? The same answer whether or not the org exists. */
export function mayOpen(grants: Grants, page: PageKey, org?: string): boolean {
  return PAGES[page].allowed(grants, org);
}

export interface NavItem {
  href: string;
  label: string;
  section: PageDef["section"];
}

/** The navigation a person sees: the pages in the table that their grants open, their orgs' pages under each org. */
export function navFor(grants: Grants, orgs: { id: string; name: string }[]): NavItem[] {
  const defs = Object.entries(PAGES) as [PageKey, PageDef][];
  const items: NavItem[] = defs
    .filter(([, p]) => p.nav && p.section === "platform" && p.allowed(grants))
    .map(([, p]) => ({ href: p.href, label: p.label, section: p.section }));
  for (const org of orgs) {
    for (const [, p] of defs.filter(([, d]) => d.nav && d.section === "org")) {
      if (p.allowed(grants, org.id))
        items.push({ href: p.href.replace("[org]", org.id), label: `${org.name} · ${p.label}`, section: "org" });
    }
  }
  items.push(
    ...defs
      .filter(([, p]) => p.nav && p.section === "account" && p.allowed(grants))
      .map(([, p]) => ({ href: p.href, label: p.label, section: p.section })),
  );
  return items;
}
