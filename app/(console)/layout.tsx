import { AppShell } from "@/components/shell/app-shell";
import { navFor } from "@/lib/auth/pages";
import { requireActor } from "@/lib/auth/server";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <AppShell nav={navFor(actor.grants, actor.orgs)} user={actor.user}>
      {children}
    </AppShell>
  );
}
