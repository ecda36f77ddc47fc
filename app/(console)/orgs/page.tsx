import type { Metadata } from "next";
import { envHref } from "@/lib/events/links";
import Link from "next/link";
import { pageAccess } from "@/lib/auth/server";
import { visibleOrgs } from "@/lib/orgs";
import { EmptyState, Forbidden, PageHeader, Panel } from "@/components/ui/page";

export const metadata: Metadata = { title: "Tenant orgs" };

export default async function OrgsPage() {
  const { actor, denied } = await pageAccess("orgs");
  if (denied) return <Forbidden what={denied} />;
  const orgs = await visibleOrgs(actor);
  return (
    <>
      <PageHeader
        title="Tenant orgs"
        description="Each org's apps and environments. Reading a tenant's logs asks for a reason, which the tenant sees in its audit log."
      />
      <Panel>
        {orgs.length === 0 ? (
          <EmptyState title="No orgs yet" />
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {orgs.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-4 px-4 py-3">
                <div className="min-w-48">
                  <p className="font-medium">{o.name}</p>
                  <p className="font-mono text-xs text-muted">{o.id}</p>
                </div>
                <div className="flex flex-1 flex-wrap gap-1">
                  {o.apps.flatMap((a) =>
                    a.envs.map((env) => (
                      <Link
                        key={`${a.id}/${env}`}
                        className="tap rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-700 underline-offset-2 hover:underline dark:bg-zinc-800 dark:text-zinc-300"
                        href={envHref(o.id, a.id, env)}
                      >
                        {a.id} · {env}
                      </Link>
                    )),
                  )}
                </div>
                <div className="flex gap-3 text-sm">
                  <Link
                    className="tap font-medium text-indigo-700 hover:underline dark:text-indigo-400"
                    href={`/orgs/${o.id}/logs`}
                  >
                    Logs
                  </Link>
                  <Link
                    className="tap text-indigo-700 hover:underline dark:text-indigo-400"
                    href={`/orgs/${o.id}/audit`}
                  >
                    Audit
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
