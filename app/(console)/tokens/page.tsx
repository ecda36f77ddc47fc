import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page";
import { TokensView } from "@/components/tokens/tokens-view";
import { SCOPES } from "@/lib/vocabulary";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requireActor();
  // What this person may put on a token: platform-wide scopes, and per org what they hold there.
  const platform = SCOPES.filter((s) => holds(actor.grants, s));
  const orgs = actor.orgs.map((o) => ({
    id: o.id,
    name: o.name,
    scopes: SCOPES.filter((s) => holds(actor.grants, s, o.id)),
  }));
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let a CLI, deploy pipeline or agent call the API as you, limited to the scopes you choose. The secret is shown once."
      />
      <TokensView platformScopes={platform} orgs={orgs} />
    </>
  );
}
