"use client";

// Is it serving? One env as describe answers it: the verdict and what differs from the desired state, then
// per process type the desired release, what runs and the restarts of the last hour with their reasons, and
// the routes with their backends and where the edge has their config. A tenant sees its own (no hosts or
// nodes); an operator sees where each instance runs and can open it.
import Link from "next/link";
import { instanceHref, routeHref } from "@/lib/events/links";
import { useQuery } from "@tanstack/react-query";
import { describeEnvQuery, type EventView } from "@/lib/client/queries/events";
import type { EnvDescription, InstanceStateView, RouteStateView } from "@/lib/events/contract";
import { checkWords, stopWords } from "@/lib/events/words";
import { Badge, type Tone } from "@/components/ui/badge";
import { Panel, QueryState } from "@/components/ui/page";
import { Cell, HeadCell, Row, RowHead, Table, THead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { ServingVerdict } from "@/lib/vocabulary";

export const VERDICT: Record<ServingVerdict, { label: string; tone: Tone; box: string }> = {
  serving: {
    label: "Serving",
    tone: "good",
    box: "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  },
  partially_serving: {
    label: "Partially serving",
    tone: "warn",
    box: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
  },
  not_serving: {
    label: "Not serving",
    tone: "bad",
    box: "border-red-300 bg-red-50 text-red-950 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
  },
};

const STATE_TONE: Record<InstanceStateView["state"], Tone> = {
  allocated: "info",
  booted: "info",
  ready: "good",
  stopping: "warn",
  stopped: "neutral",
  failed: "bad",
};

/** Where an instance's page is: the operator's describe, or the tenant's logs of that instance. */
function instancePage(view: EventView, org: string, id: string): string {
  return view === "operator"
    ? instanceHref(id)
    : `/orgs/${encodeURIComponent(org)}/logs?instance=${encodeURIComponent(id)}&start=1h`;
}

export function EnvState({ view, org, app, env }: { view: EventView; org: string; app: string; env: string }) {
  const q = useQuery(describeEnvQuery(view, org, app, env));
  return (
    <QueryState query={q} rows={6}>
      {({ env: d }) => <EnvDescriptionView view={view} d={d} />}
    </QueryState>
  );
}

function EnvDescriptionView({ view, d }: { view: EventView; d: EnvDescription }) {
  const v = VERDICT[d.verdict];
  const nothing = d.process_types.length === 0 && d.routes.length === 0;
  return (
    <div className="space-y-4">
      <section
        aria-labelledby="verdict"
        className={`rounded-md border px-4 py-3 ${nothing ? VERDICT.partially_serving.box : v.box}`}
        data-verdict={nothing ? "unknown" : d.verdict}
      >
        <h2 id="verdict" className="text-lg font-semibold">
          {nothing ? "No events from the platform for this env" : v.label}
        </h2>
        {nothing ? (
          <p className="mt-1 text-sm">
            The platform has reported no release, instance or route of {d.app_id}/{d.env_id}: the console does not know
            whether it serves.
          </p>
        ) : d.reasons.length ? (
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm">
            {d.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm">Every process type runs its desired release, and every route reaches it.</p>
        )}
        <p className="mt-1 text-xs opacity-80">
          As of <Time iso={d.as_of} />
        </p>
      </section>
      {d.process_types.map((p) => (
        <Panel key={p.process_type} className="p-4">
          <section aria-labelledby={`process-${p.process_type}`}>
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <h2 id={`process-${p.process_type}`} className="font-medium">
                {p.process_type}
              </h2>
              <span className="text-sm">
                {p.ready} of {p.wanted} ready
              </span>
              {p.desired ? (
                <span className="text-sm text-muted">
                  release <span className="font-mono">{p.desired.release_id}</span>, since{" "}
                  <Time iso={p.desired.activated_at} compact />
                </span>
              ) : (
                <span className="text-sm text-muted">no release activated</span>
              )}
            </div>
            <Restarts restarts={p.restarts_last_hour} />
            <Instances view={view} org={d.org_id} instances={p.instances} />
          </section>
        </Panel>
      ))}
      {d.routes.length > 0 && (
        <Panel className="p-4">
          <h2 className="mb-2 font-medium">Routes</h2>
          <ul className="space-y-3">
            {d.routes.map((r) => (
              <RouteLine key={r.route} view={view} r={r} />
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}

function Restarts({ restarts }: { restarts: EnvDescription["process_types"][number]["restarts_last_hour"] }) {
  if (!restarts.count) return <p className="mt-1 text-sm text-muted">No restarts in the last hour.</p>;
  return (
    <div className="mt-2">
      <p className="text-sm font-medium text-red-800 dark:text-red-300">
        {restarts.count} restart{restarts.count === 1 ? "" : "s"} in the last hour
      </p>
      <ul className="mt-1 space-y-0.5 text-sm" aria-label="Restarts in the last hour">
        {restarts.recent.map((s) => (
          <li key={`${s.instance_id}-${s.at}`}>
            <span className="font-mono">{s.instance_id}</span> at <Time iso={s.at} compact />: {stopWords(s)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Instances({ view, org, instances }: { view: EventView; org: string; instances: InstanceStateView[] }) {
  if (!instances.length) return <p className="mt-2 text-sm text-muted">No instances.</p>;
  return (
    <div className="mt-2 overflow-x-auto">
      <Table density="tight" ruled>
        <THead>
          <HeadCell>Instance</HeadCell>
          <HeadCell>State</HeadCell>
          <HeadCell>Since</HeadCell>
          {view === "operator" && <HeadCell>Host</HeadCell>}
          <HeadCell>Health check</HeadCell>
          <HeadCell>Why it stopped</HeadCell>
        </THead>
        <tbody>
          {instances.map((i) => (
            <Row key={i.instance_id}>
              <RowHead className="font-mono font-normal">
                <Link className="tap underline underline-offset-2" href={instancePage(view, org, i.instance_id)}>
                  {i.instance_id}
                </Link>
                {i.release_id && <span className="block text-xs text-muted">{i.release_id}</span>}
              </RowHead>
              <Cell>
                <Badge tone={STATE_TONE[i.state]}>{i.state}</Badge>
              </Cell>
              <Cell>
                <Time iso={i.since} compact />
              </Cell>
              {view === "operator" && <Cell className="font-mono">{i.host_id ?? "—"}</Cell>}
              <Cell>
                {i.health ? (
                  <span className={i.health.passed ? "" : "text-red-800 dark:text-red-300"}>
                    {i.health.passed ? "passed" : "failed"}
                    {!i.health.passed && i.health.check ? ` — ${checkWords(i.health.check)}` : ""}
                  </span>
                ) : (
                  <span className="text-muted">none reported</span>
                )}
              </Cell>
              <Cell>{i.reason ? stopWords(i) : "—"}</Cell>
            </Row>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function RouteLine({ view, r }: { view: EventView; r: RouteStateView }) {
  const e = r.edge;
  const edge =
    e.locations === 0
      ? "no edge location has reported its config"
      : `edge config${e.config_version !== null ? ` v${e.config_version}` : ""} applied in ${e.applied} of ${e.locations} location${e.locations === 1 ? "" : "s"}${e.failed ? `, failing in ${e.failed}` : ""}${e.behind ? `, ${e.behind} behind` : ""}`;
  const ready = r.backends.filter((b) => b.state === "ready").length;
  return (
    <li className="text-sm">
      <p>
        {view === "operator" ? (
          <Link className="tap font-mono underline underline-offset-2" href={routeHref(r.route)}>
            {r.route}
          </Link>
        ) : (
          <span className="font-mono">{r.route}</span>
        )}{" "}
        {r.bound ? (
          <span>
            → {r.backends.length} backend{r.backends.length === 1 ? "" : "s"}, {ready} ready
          </span>
        ) : (
          <Badge tone="bad">unbound</Badge>
        )}
      </p>
      <p className={e.failed ? "text-red-800 dark:text-red-300" : "text-muted"}>{edge}</p>
      {view === "operator" && e.nodes && e.nodes.some((n) => !n.applied) && (
        <ul className="mt-1 space-y-0.5 text-xs">
          {e.nodes
            .filter((n) => !n.applied)
            .map((n) => (
              <li key={n.node_id}>
                <span className="font-mono">{n.node_id}</span> ({n.region}): v{n.config_version} failed
                {n.error ? ` — ${n.error}` : ""}
              </li>
            ))}
        </ul>
      )}
    </li>
  );
}
