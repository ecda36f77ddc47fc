import type { Metadata } from "next";
import Link from "next/link";
import { pageAccess } from "@/lib/auth/server";
import { orgAsSeenBy } from "@/lib/orgs";
import { segment } from "@/lib/text";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { EnvPage } from "@/components/events/env-page";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ app: string; env: string }>;
}): Promise<Metadata> {
  const { app, env } = await params;
  return { title: `${segment(app)} · ${segment(env)}` };
}

export default async function OrgEnvPage({ params }: { params: Promise<{ org: string; app: string; env: string }> }) {
  const p = await params;
  const [org, app, env] = [p.org, segment(p.app), segment(p.env)];
  const { actor, denied } = await pageAccess("orgEnvs", org);
  if (denied) return <Forbidden what={denied} />;
  const { name, member } = await orgAsSeenBy(actor, org);
  return (
    <>
      <PageHeader
        title={`${app} · ${env}: is it serving?`}
        description={
          member
            ? "Whether this env runs its desired release and its routes reach it; instances and restarts with their reasons, from the platform's events."
            : `${name}'s env as the platform sees it, hosts included. Every read is recorded, with your reason, in ${name}'s audit log.`
        }
      />
      <p className="-mt-3 mb-4 text-sm">
        <Link className="tap underline underline-offset-2" href={`/orgs/${encodeURIComponent(org)}/envs`}>
          Every env of {name}
        </Link>
        {" · "}
        <Link
          className="tap underline underline-offset-2"
          href={`/orgs/${encodeURIComponent(org)}/logs?app=${encodeURIComponent(app)}&env=${encodeURIComponent(env)}&start=1h`}
        >
          Its logs
        </Link>
      </p>
      <EnvPage org={org} orgName={name} app={app} env={env} operator={!member} />
    </>
  );
}
