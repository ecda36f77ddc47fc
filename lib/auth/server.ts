// The data-access side of auth for pages: the signed-in person, once per request.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { actorFromSessionToken, SESSION_COOKIES, type Actor } from "./actor";

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
