// What each events endpoint does once withApi has checked its scope: whose workload the read concerns (a
// reason for an operator reading one tenant's), and which view answers — the operator's whole, or the
// tenant's own without the platform's internals.
import "server-only";
import type { EventsQuery, TailQuery } from "./contract";
import { describeEnv, describeInstance, describeRoute, instanceOrg, routeOrg } from "./describe";
import { focusOf, listEvents, readingOrg, type EventsCtx } from "./read";
import { openEventsTail } from "./tail";
import type { View } from "./rules";

/** The platform's events, platform-wide or (with a reason) one tenant's. */
export async function platformEventsPage(ctx: EventsCtx, q: EventsQuery) {
  const org = await focusOf(q);
  if (org) await readingOrg(ctx, org);
  return listEvents(q, "operator");
}

/** An org's own events. */
export async function orgEventsPage(ctx: EventsCtx, org: string, q: Omit<EventsQuery, "org">) {
  await readingOrg(ctx, org);
  return listEvents({ ...q, org }, "tenant");
}

export async function platformEventsTail(ctx: EventsCtx, q: TailQuery) {
  const org = await focusOf(q);
  if (org) await readingOrg(ctx, org);
  return openEventsTail(ctx, q, "operator", { org });
}

export async function orgEventsTail(ctx: EventsCtx, org: string, q: Omit<TailQuery, "org">) {
  await readingOrg(ctx, org);
  return openEventsTail(ctx, { ...q, org }, "tenant", { org });
}

export async function envDescription(ctx: EventsCtx, p: { org: string; app: string; env: string }, view: View) {
  await readingOrg(ctx, p.org);
  return { env: await describeEnv(p.org, p.app, p.env, view) };
}

export async function instanceDescription(ctx: EventsCtx, id: string) {
  await readingOrg(ctx, await instanceOrg(id));
  return describeInstance(id);
}

export async function routeDescription(ctx: EventsCtx, route: string) {
  await readingOrg(ctx, await routeOrg(route));
  return describeRoute(route);
}
