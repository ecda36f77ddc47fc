import Link from "next/link";
import { requireActor } from "@/lib/auth/server";
import { navFor } from "@/lib/auth/pages";
import { allScopes, holds } from "@/lib/auth/permissions";
import { SloCards } from "@/components/dashboards/slo-cards";
import { Triage } from "@/components/overview/triage";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Panel } from "@/components/ui/page";
import { listIncidents } from "@/lib/incidents/lifecycle";
import { listAlerts } from "@/lib/alerts";
import { onCallNow } from "@/lib/handoffs/lifecycle";
import { listResponders } from "@/lib/auth/users";
import { listTeams } from "@/lib/teams";
import { pipelineState } from "@/lib/alerts/pipeline";
import { overdueActionItems, overduePostmortems } from "@/lib/postmortems";
import { OverduePanel } from "@/components/postmortems/overdue-panel";

export default async function OverviewPage() {
  const actor = await requireActor();
  const pages = navFor(actor.grants, actor.orgs).filter((n) => n.href !== "/");
  // What is burning first, for the people who answer pages: who is on call, what is open, what pages.
  const triage = holds(actor.grants, "incidents:read")
    ? await Promise.all([
        onCallNow(),
        listIncidents({ status: ["open"], severity: [], limit: 20 }),
        holds(actor.grants, "alerts:write") ? listAlerts({ state: ["open"], kind: ["page"], limit: 5 }) : null,
        listResponders(),
        listTeams(),
        holds(actor.grants, "dashboards:read") ? pipelineState() : null,
        Promise.all([overduePostmortems(), overdueActionItems()]),
      ])
    : null;
  return (
    <>
      <PageHeader
        title={`Hello, ${actor.user.name}`}
        description={`Signed in as ${actor.user.email} (${actor.user.role}).`}
      />
      {triage && (
        <Triage
          onCall={triage[0]}
          teams={triage[4].teams}
          incidents={triage[1].incidents}
          pages={triage[2]}
          people={Object.fromEntries(triage[3].map((p) => [p.id, p.name]))}
          pipeline={triage[5]}
        />
      )}
      {triage && (
        <OverduePanel
          lists={{ postmortems: triage[6][0], actionItems: triage[6][1] }}
          people={Object.fromEntries(triage[3].map((p) => [p.id, p.name]))}
        />
      )}
      {holds(actor.grants, "dashboards:read") && (
        <section className="mb-6" aria-label="Service level objectives">
          <div className="mb-2 flex items-baseline justify-between">
            <h2 className="font-medium">Service level objectives by region</h2>
            <Link
              className="tap text-sm text-indigo-700 hover:underline dark:text-indigo-400"
              href="/dashboards/overview"
            >
              Overview dashboard
            </Link>
          </div>
          <SloCards canWrite={holds(actor.grants, "incidents:write")} />
        </section>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Panel className="p-4">
          <h2 className="font-medium">Where to go</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {pages.map((p) => (
              <li key={p.href}>
                <Link className="tap text-indigo-700 hover:underline dark:text-indigo-400" href={p.href}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel className="p-4">
          <h2 className="font-medium">Your access</h2>
          {actor.orgs.length > 0 && (
            <p className="mt-2 text-sm">Member of {actor.orgs.map((o) => o.name).join(", ")}.</p>
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
