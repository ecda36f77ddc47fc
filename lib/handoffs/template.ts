// The checklist template: versioned; an admin's change writes a new version and handoffs keep theirs.
import "server-only";
import { desc, sql } from "drizzle-orm";
import { db, returnedRow } from "@/lib/db/client";
import { handoffTemplates, type HandoffTemplateItem } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { type Actor } from "@/lib/auth/permissions";

export async function currentTemplate() {
  const [t] = await db().select().from(handoffTemplates).orderBy(desc(handoffTemplates.version)).limit(1);
  if (!t) throw new ApiError("unavailable", "No handoff template: the database is not migrated.");
  return { version: t.version, items: t.items, created_at: t.createdAt.toISOString(), created_by: t.createdBy };
}

export async function replaceTemplate(actor: Actor, items: HandoffTemplateItem[]) {
  return db().transaction(async (tx) => {
    const [cur] = await tx
      .select({ v: sql<number>`coalesce(max(${handoffTemplates.version}), 0)::int` })
      .from(handoffTemplates);
    const t = returnedRow(
      await tx
        .insert(handoffTemplates)
        .values({ version: (cur?.v ?? 0) + 1, items, createdBy: actor.user.id })
        .returning(),
      "Replacing the handoff template",
    );
    return {
      template: { version: t.version, items: t.items, created_at: t.createdAt.toISOString(), created_by: t.createdBy },
    };
  });
}
