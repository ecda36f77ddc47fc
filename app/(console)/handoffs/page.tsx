import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { listResponders } from "@/lib/auth/users";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { HandoffList } from "@/components/handoffs/handoff-list";

export const metadata: Metadata = { title: "Handoffs" };

export default async function HandoffsPage() {
  const { actor, denied } = await pageAccess("handoffs");
  if (denied) return <Forbidden what={denied} />;
  const people = Object.fromEntries((await listResponders()).map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader
        title="Shift handoffs"
        description="The outgoing hands over open investigations; the incoming checks in and takes over."
      />
      <HandoffList people={people} me={actor.user.id} />
    </>
  );
}
