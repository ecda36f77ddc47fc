import Link from "next/link";
import { requireActor } from "@/lib/auth/server";
import { navFor } from "@/lib/auth/pages";
import { allScopes, holds } from "@/lib/auth/permissions";
import { SloCards } from "@/components/dashboards/slo-cards";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Panel } from "@/components/ui/page";

export default async function OverviewPage() {
  const actor = await requireActor();
  const pages = navFor(actor.grants, actor.orgs).filter((n) => n.href !== "/");
  return (
    <>
      <PageHeader title={`Hello, ${actor.user.name}`} description={`Signed in as ${actor.user.email} (${actor.user.role}).`} />
      {holds(actor.grants, "dashboards:read") && (
        <section className="mb-6" aria-label="Service level objectives">
          <div className="mb-2 flex items-baseline justify-between">
            <h2 className="font-medium">Service level objectives by region</h2>
            <Link className="text-sm text-indigo-600 hover:underline dark:text-indigo-400" href="/dashboards/overview">
              Overview dashboard
            </Link>
          </div>
          <SloCards />
        </section>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Panel className="p-4">
          <h2 className="font-medium">Where to go</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {pages.map((p) => (
              <li key={p.href}>
                <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={p.href}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel className="p-4">
          <h2 className="font-medium">Your access</h2>
          {actor.orgs.length > 0 && (
            <p className="mt-2 text-sm">
              Member of {actor.orgs.map((o) => o.name).join(", ")}.
            </p>
          )}
          <div className="mt-2 flex flex-wrap gap-1">
            {allScopes(actor.grants).map((s) => (
              <Badge key={s} tone="info">
                {s}
              </Badge>
            ))}
          </div>
        </Panel>
      </div>
    </>
  );
}
