// The navigation each person sees: only pages that exist and that their grants let them use.
import { holds, type Grants } from "./permissions";

export interface NavItem {
  href: string;
  label: string;
  section: "platform" | "org" | "account";
}

export function navFor(grants: Grants, orgs: { id: string; name: string }[]): NavItem[] {
  const items: NavItem[] = [{ href: "/", label: "Overview", section: "platform" }];
  if (holds(grants, "dashboards:read")) items.push({ href: "/dashboards", label: "Dashboards", section: "platform" });
  if (holds(grants, "incidents:read")) items.push({ href: "/incidents", label: "Incidents", section: "platform" });
  if (holds(grants, "alerts:write")) items.push({ href: "/alerts", label: "Alerts", section: "platform" });
  if (holds(grants, "handoffs:write")) items.push({ href: "/handoffs", label: "Handoffs", section: "platform" });
  if (holds(grants, "logs:read")) items.push({ href: "/orgs", label: "Tenant orgs", section: "platform" });
  if (holds(grants, "audit:read")) items.push({ href: "/audit", label: "Audit log", section: "platform" });
  for (const org of orgs) {
    if (holds(grants, "logs:read", org.id)) items.push({ href: `/orgs/${org.id}/logs`, label: `${org.name} · logs`, section: "org" });
    if (holds(grants, "audit:read", org.id)) items.push({ href: `/orgs/${org.id}/audit`, label: `${org.name} · audit`, section: "org" });
  }
  items.push({ href: "/tokens", label: "API tokens", section: "account" });
  return items;
}
