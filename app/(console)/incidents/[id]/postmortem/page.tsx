import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { listResponders } from "@/lib/auth/users";
import { Forbidden } from "@/components/ui/page";
import { PostmortemView } from "@/components/postmortems/postmortem-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `${(await params).id} postmortem` };
}

export default async function PostmortemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor, denied } = await pageAccess("incidents");
  if (denied) return <Forbidden what={denied} />;
  const responders = await listResponders();
  return (
    <PostmortemView
      id={id}
      people={Object.fromEntries(responders.map((p) => [p.id, p.name]))}
      me={actor.user.id}
      canWrite={holds(actor.grants, "incidents:write")}
      isAdmin={holds(actor.grants, "admin")}
    />
  );
}
