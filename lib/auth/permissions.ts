// Roles, scopes and what each role holds: data, not string compares in handlers.
// Safe to import from the browser (no server imports).

import { ROLES, SCOPES, type Role, type Scope } from "@/lib/vocabulary";

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "logs:read": "Read tenant logs (operators must state a reason)",
  "logs:write": "Ingest logs (platform agents)",
  "platform-logs:read": "Read the platform's own logs and follow a request across them",
  "changes:write": "Post change events: deploys, config, flags (pipelines and agents)",
  "events:write":
    "Post the platform's events: releases, instance lifecycle, routes, edge applies, cursors (the control plane)",
  "traces:read": "Read the platform's traces (spans): search, a trace's waterfall, service dependencies",
  "traces:write": "Send the platform's spans (OTLP/HTTP traces from platform components)",
  "incidents:read": "Read incidents and the deploy freeze",
  "incidents:write": "Declare and update incidents",
  "dashboards:read": "Read dashboards and SLOs",
  "handoffs:write": "Shift handoffs",
  "alerts:write": "Alert intake and acknowledgement",
  "audit:read": "Read the audit log",
  admin: "Administer users, orgs and templates",
};

/** Scopes a role holds on every org and on platform-wide resources. */
export const ROLE_GLOBAL_SCOPES: Record<Role, readonly Scope[]> = {
  admin: SCOPES,
  operator: [
    "logs:read",
    "platform-logs:read",
    "traces:read",
    "incidents:read",
    "incidents:write",
    "dashboards:read",
    "handoffs:write",
    "alerts:write",
    "audit:read",
  ],
  tenant: [],
};

/** Scopes a member holds on each org it belongs to. */
export const MEMBER_ORG_SCOPES: Record<Role, readonly Scope[]> = {
  admin: [],
  operator: [],
  tenant: ["logs:read", "audit:read"],
};

/** Who can run incidents and take a shift: a role that holds incidents:write platform-wide. */
export function canRespond(role: Role): boolean {
  return ROLE_GLOBAL_SCOPES[role].includes("incidents:write");
}

export const RESPONDER_ROLES: readonly Role[] = ROLES.filter(canRespond);

/** Who is acting, with what they hold; built from a session or a token by lib/auth. */
export interface Grants {
  global: ReadonlySet<Scope>;
  orgs: ReadonlyMap<string, ReadonlySet<Scope>>;
}

export function grantsFor(role: Role, memberOrgs: readonly string[]): Grants {
  const orgScopes = new Set(MEMBER_ORG_SCOPES[role]);
  return {
    global: new Set(ROLE_GLOBAL_SCOPES[role]),
    orgs: new Map(memberOrgs.map((org) => [org, orgScopes])),
  };
}

/** Holds `scope` platform-wide, or on `org` when one is given. */
export function holds(grants: Grants, scope: Scope, org?: string): boolean {
  if (grants.global.has(scope)) return true;
  return org !== undefined && (grants.orgs.get(org)?.has(scope) ?? false);
}

/** Platform-wide scopes that act on every org's data, and so show the whole org directory. */
const ORG_WIDE: readonly Scope[] = ["logs:read", "audit:read", "admin"];

/** Sees every org (operators and admins, and tokens holding an org-wide scope platform-wide); others see their own. */
export function seesEveryOrg(grants: Grants): boolean {
  return ORG_WIDE.some((s) => grants.global.has(s));
}

/** Scopes that only exist platform-wide: never held on one org, so never in an org-bound token. */
export const PLATFORM_ONLY_SCOPES: readonly Scope[] = [
  "platform-logs:read",
  "traces:read",
  "changes:write",
  "events:write",
  "traces:write",
];

/** A token's grants: what it was minted with, never more than its creator holds now. */
export function tokenGrants(creator: Grants, scopes: readonly Scope[], org: string | null): Grants {
  if (org) {
    const held = new Set(scopes.filter((s) => holds(creator, s, org)));
    return { global: new Set(), orgs: new Map([[org, held]]) };
  }
  return { global: new Set(scopes.filter((s) => creator.global.has(s))), orgs: new Map() };
}

/** Every scope the grants hold anywhere, for display. */
export function allScopes(grants: Grants): Scope[] {
  const set = new Set<Scope>(grants.global);
  for (const s of grants.orgs.values()) s.forEach((x) => set.add(x));
  return SCOPES.filter((s) => set.has(s));
}

/** Who is acting: a signed-in person, or a token on someone's behalf, with what they may do. */
export interface Actor {
  kind: "user" | "token";
  user: { id: string; email: string; name: string; role: Role };
  orgs: { id: string; name: string }[];
  grants: Grants;
  token: { id: string; name: string; org_id: string | null; scopes: Scope[] } | null;
}
