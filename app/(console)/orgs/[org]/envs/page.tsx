import type { Metadata } from "next";
import { envHref } from "@/lib/events/links";
import Link from "next/link";
import { pageAccess } from "@/lib/auth/server";
import { orgAsSeenBy, visibleOrgs } from "@/lib/orgs";
import { EmptyState, Forbidden, PageHeader, Panel } from "@/components/ui/page";
import { EnvVerdict } from "@/components/events/env-verdict";

export const metadata: Metadata = { title: "Is it serving?" };

export default async function OrgEnvsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { actor, denied } = await pageAccess("orgEnvs", org);
  // The same answer whether or not the org exists.
  if (denied) return <Forbidden what={denied} />;
  const [{ name, member }, [found]] = await Promise.all([orgAsSeenBy(actor, org), visibleOrgs(actor, org)]);
  const envs = (found?.apps ?? []).flatMap((a) => a.envs.map((env) => ({ app: a.id, env })));
  return (
    <>
      <PageHeader
        title={`${name} · is it serving?`}
        description={
          member
            ? "Each of your apps' environments: whether it serves its desired release, and why not."
            : `${name}'s environments. Opening one asks for your reason, recorded in ${name}'s audit log.`
        }
      />
      <Panel>
        {envs.length === 0 ? (
          <EmptyState title="No apps yet" />
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Environments">
            {envs.map(({ app, env }) => (
              <li key={`${app}/${env}`} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <Link
                  className="tap font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-400"
                  href={envHref(org, app, env)}
                >
                  {app} · {env}
                </Link>
                {member && <EnvVerdict org={org} app={app} env={env} />}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </>
  );
}
