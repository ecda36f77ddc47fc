// Contacts: how each person wants to be notified (chat, JSON webhook, email, SMS/phone gateway), set on the
// On call page. The webhook URLs are checked when saved (nothing inside the platform) and again on sending.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { contacts, type Contact } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/http/errors";
import { targetProblem } from "@/lib/http/outbound-rules";
import { type Actor } from "@/lib/auth/permissions";

/** A person's contact, empty when they have set none. */
export async function contactOf(userId: string): Promise<Contact> {
  const [c] = await db()
    .select({ contact: contacts.contact })
    .from(contacts)
    .where(eq(contacts.userId, userId))
    .limit(1);
  return c?.contact ?? {};
}

export async function getContact(actor: Actor) {
  return { contact: await contactOf(actor.user.id) };
}

export async function putContact(actor: Actor, contact: Contact) {
  for (const key of ["webhook_url", "slack_webhook_url", "sms_webhook_url"] as const) {
    const problem = contact[key] ? targetProblem(contact[key], env().OUTBOUND_ALLOW) : null;
    if (problem) throw badRequest(`body.${key}`, problem);
  }
  await db()
    .insert(contacts)
    .values({ userId: actor.user.id, contact })
    .onConflictDoUpdate({ target: contacts.userId, set: { contact, updatedAt: sql`now()` } });
  return { contact };
}
