"use client";

// The public status page: the platform's state, each component by region, and the incidents customers
// were told about with their updates, newest first. Refreshes itself every few seconds.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { PublicStatus, statusFeedEndpoint } from "@/lib/status/contract";
import { pathOf } from "@/lib/client/api";
import { publicStatusQuery } from "@/lib/client/queries/status";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";
import { PUBLIC_STATE_LABEL as LABEL, publicTime } from "@/lib/status/rules";

type State = PublicStatus["state"];
/** Public times are UTC and say so: customers read them in every zone. */
const At = ({ iso }: { iso: string }) => <time dateTime={iso}>{publicTime(iso)}</time>;
const TONE: Record<State, string> = {
  major_outage: "bg-red-100 text-red-900 border-red-300 dark:bg-red-950 dark:text-red-100 dark:border-red-900",
  partial_outage:
    "bg-orange-100 text-orange-950 border-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:border-orange-900",
  degraded: "bg-amber-100 text-amber-950 border-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:border-amber-900",
  monitoring: "bg-sky-100 text-sky-950 border-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:border-sky-900",
  operational:
    "bg-emerald-50 text-emerald-900 border-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:border-emerald-900",
};
const HEADLINE: Record<State, string> = {
  major_outage: "Some services are down",
  partial_outage: "Some services are partly unavailable",
  degraded: "Some services are degraded",
  monitoring: "Recovering from an incident",
  operational: "All systems operational",
};

export function StatusView({ initial }: { initial: PublicStatus }) {
  const q = useQuery({ ...publicStatusQuery(), initialData: initial });
  const s = q.data;
  const regions = s.components[0]?.regions.map((r) => r.region) ?? [];
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Platform status</h1>
        <Link
          prefetch={false}
          className="text-sm text-indigo-700 underline underline-offset-2 dark:text-indigo-400"
          href={pathOf<typeof statusFeedEndpoint>("GET /api/v1/status/feed")}
        >
          Subscribe (Atom)
        </Link>
      </header>
      <p role="status" className={`rounded-md border px-4 py-3 font-medium ${TONE[s.state]}`}>
        {HEADLINE[s.state]}{" "}
        <span className="text-sm font-normal">
          · updated <At iso={s.updated_at} />
        </span>
      </p>
      {s.maintenance.length > 0 && (
        <section aria-labelledby="maintenance-heading">
          <h2 id="maintenance-heading" className="mb-2 font-medium">
            Maintenance
          </h2>
          <ul className="space-y-2">
            {s.maintenance.map((m) => (
              <li
                key={m.id}
                id={m.id}
                className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950"
              >
                <p className="font-medium">
                  {m.state === "active" && (
                    <span className="mr-2 rounded border border-sky-400 px-1.5 text-xs dark:border-sky-700">
                      In progress
                    </span>
                  )}
                  {m.title}
                </p>
                <p className="mt-0.5 whitespace-pre-wrap">{m.description}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="components-heading">
        <h2 id="components-heading" className="mb-2 font-medium">
          Components
        </h2>
        <div
          className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800"
          tabIndex={0}
          role="region"
          aria-label="Components by region"
        >
          <Table>
            <THead>
              <HeadCell>Component</HeadCell>
              <HeadCell className="sm:hidden">State</HeadCell>
              {regions.map((r) => (
                <HeadCell key={r} className="hidden sm:table-cell">
                  {r}
                </HeadCell>
              ))}
            </THead>
            <tbody>
              {s.components.map((c) => (
                <Row key={c.id} data-component={c.id}>
                  <RowHead>{c.name}</RowHead>
                  {/* On a phone: one state, and where it is not operational. */}
                  <Cell className="sm:hidden">
                    <span className={`inline-block rounded border px-1.5 text-xs ${TONE[c.state]}`}>
                      {LABEL[c.state]}
                    </span>{" "}
                    <span className="text-xs text-muted">
                      {c.regions
                        .filter((r) => r.state !== "operational")
                        .map((r) => r.region)
                        .join(", ")}
                    </span>
                  </Cell>
                  {c.regions.map((r) => (
                    <Cell key={r.region} className="hidden sm:table-cell">
                      <span className={`inline-block rounded border px-1.5 text-xs ${TONE[r.state]}`}>
                        {LABEL[r.state]}
                      </span>
                    </Cell>
                  ))}
                </Row>
              ))}
            </tbody>
          </Table>
        </div>
      </section>
      <section aria-labelledby="incidents-heading">
        <h2 id="incidents-heading" className="mb-2 font-medium">
          Incidents
        </h2>
        {s.incidents.length === 0 ? (
          <p className="text-sm text-muted">No incidents in the last 14 days.</p>
        ) : (
          <ul className="space-y-4">
            {s.incidents.map((i) => (
              <li key={i.id} id={i.id} className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-medium">{i.title}</h3>
                  <span className={`rounded border px-1.5 text-xs ${TONE[i.state]}`}>
                    {i.resolved_at ? "Resolved" : LABEL[i.state]}
                  </span>
                  <span className="text-xs text-muted">
                    since <At iso={i.started_at} />
                    {i.resolved_at && (
                      <>
                        {" "}
                        · resolved <At iso={i.resolved_at} />
                      </>
                    )}
                  </span>
                </div>
                <ol
                  className="mt-2 space-y-2 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700"
                  aria-label={`Updates on ${i.title}`}
                >
                  {i.updates.map((u) => (
                    <li key={u.id} id={`update-${u.id}`}>
                      <p className="text-xs text-muted">
                        <At iso={u.at} /> · {LABEL[u.state]}
                      </p>
                      <p className="text-sm whitespace-pre-wrap">{u.body}</p>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
