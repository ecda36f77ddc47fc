// The data-access side of auth for pages: the signed-in person, once per request.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { actorFromSessionToken, SESSION_COOKIES } from "./actor";
import { mayOpen, PAGES, type PageKey } from "./pages";
import { type Actor } from "@/lib/auth/permissions";

export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const jwt = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  return actorFromSessionToken(jwt);
});

/** The signed-in person, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/**
 * The signed-in person and whether they may open `page` (of `org`): the one guard of every console page,
 * reading the same table as the navigation (./pages.ts). `denied` is what to tell them, or null.
 */
export async function pageAccess(page: PageKey, org?: string): Promise<{ actor: Actor; denied: string | null }> {
  const actor = await requireActor();
  return { actor, denied: mayOpen(actor.grants, page, org) ? null : PAGES[page].denied };
}
