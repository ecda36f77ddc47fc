"use client";

// Incidents, open first: severity, status, age, IC, last timeline update (stale after 30 minutes).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { oneOf } from "@/lib/client/one-of";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { useState } from "react";
import { matchingIncidents } from "@/lib/alerts/rules";
import { incidentsQuery, useDeclareIncident } from "@/lib/client/queries/incidents";
import { age, freezeScope, SEVERITY_OPTIONS } from "@/lib/incidents/rules";
import { SelectField } from "@/components/ui/select-field";
import { Button } from "@/components/ui/button";
import { EmptyState, Panel, QueryState } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { control } from "@/components/ui/control";
import { ChoiceField } from "@/components/ui/choice-field";
import { isService, SERVICE_LABELS, SERVICES, type Service } from "@/lib/metrics/services";
import { SeverityBadge, StatusBadge } from "./badges";
import { PersonSelect } from "./person-select";
import type { People } from "./people";
import { INCIDENT_SEVERITIES, isMajor, SEVERITY_MEANING } from "@/lib/vocabulary";

export function IncidentList({
  people,
  me,
  canWrite,
  regions,
}: {
  people: People;
  me: string;
  canWrite: boolean;
  regions: string[];
}) {
  const { params, set } = useUrlFilters();
  const status = params.get("status") ?? "";
  const severity = params.get("severity") ?? "";
  const q = useQuery(incidentsQuery({ status: status || undefined, severity: severity || undefined }));
  // A dashboard's or an SLO's "declare incident" arrives as ?declare=1&title=&services=&regions=&impact_from=&impact_to= (lib/metrics/investigate).
  const prefill = params.get("declare")
    ? {
        title: params.get("title") ?? "",
        services: params.get("services") ?? "",
        regions: params.get("regions") ?? "",
        from: params.get("impact_from"),
        to: params.get("impact_to"),
      }
    : null;
  const [declaring, setDeclaring] = useState(Boolean(prefill));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Status"
          value={status}
          onChange={(v) => set("status", v)}
          options={[["", "all"], "open", "resolved"]}
        />
        <SelectField
          label="Severity"
          value={severity}
          onChange={(v) => set("severity", v)}
          options={[["", "all"], ...SEVERITY_OPTIONS]}
        />
        {canWrite && (
          <Button className="ml-auto" variant="danger" onClick={() => setDeclaring(true)}>
            Declare incident
          </Button>
        )}
      </div>
      {declaring && canWrite && (
        <DeclareForm people={people} me={me} regions={regions} prefill={prefill} onClose={() => setDeclaring(false)} />
      )}
      <Panel>
        <QueryState
          query={q}
          empty={(d) =>
            d.incidents.length === 0 ? (
              <EmptyState title="No incidents">
                {status || severity ? "Nothing matches these filters." : "All quiet."}
              </EmptyState>
            ) : null
          }
        >
          {(d) => (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {d.incidents.map((i) => (
                <li key={i.id}>
                  <Link
                    href={`/incidents/${i.ref}`}
                    className="flex flex-wrap items-center gap-3 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                  >
                    <SeverityBadge severity={i.severity} />
                    <span className="font-mono text-xs text-muted">{i.ref}</span>
                    <span className="min-w-0 flex-1 truncate font-medium">{i.title}</span>
                    <StatusBadge status={i.status} />
                    {i.freezes_deploys && (
                      <span className="text-xs font-medium text-red-600 dark:text-red-400">deploy freeze</span>
                    )}
                    <span className="w-36 truncate text-sm text-zinc-600 dark:text-zinc-400">
                      IC {i.commander_id ? (people[i.commander_id] ?? i.commander_id) : "—"}
                    </span>
                    <span className="w-20 text-sm text-muted" title="age">
                      {age(i.declared_at)}
                    </span>
                    <span
                      className={`w-44 text-xs ${i.stale ? "font-medium text-amber-700 dark:text-amber-400" : "text-muted"}`}
                    >
                      {i.stale ? "⚠ stale · " : "updated "}
                      <Time iso={i.last_entry_at} compact />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}

interface Prefill {
  title: string;
  services: string;
  regions: string;
  from: string | null;
  to: string | null;
}

function DeclareForm({
  people,
  me,
  regions: knownRegions,
  prefill,
  onClose,
}: {
  people: People;
  me: string;
  regions: string[];
  prefill: Prefill | null;
  onClose: () => void;
}) {
  const declare = useDeclareIncident();
  const router = useRouter();
  const [title, setTitle] = useState(prefill?.title ?? "");
  const [severity, setSeverity] = useState<"sev0" | "sev1" | "sev2" | "sev3">("sev1");
  const list = (s: string) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
  // A prefill names services and regions as text: only what the catalog and the configured regions know is taken.
  const [services, setServices] = useState<Service[]>(list(prefill?.services ?? "").filter(isService));
  const [regions, setRegions] = useState<string[]>(
    list(prefill?.regions ?? "").filter((r) => knownRegions.includes(r)),
  );
  const seen =
    prefill?.from && prefill.to
      ? { text: `Seen on a dashboard between ${prefill.from} and ${prefill.to}.`, from: prefill.from }
      : null;
  const [commander, setCommander] = useState(me);
  const open = useQuery(incidentsQuery({ status: "open" }));
  // Open incidents that already cover what is being declared: the on-call sees them before making a duplicate.
  const overlapping = [
    ...new Set(
      (services.length ? services : [null]).flatMap((service) =>
        (regions.length ? regions : [null]).flatMap((region) =>
          matchingIncidents({ service, region }, open.data?.incidents ?? []),
        ),
      ),
    ),
  ];
  return (
    <Panel className="p-4">
      <form
        aria-label="Declare incident"
        className="grid gap-3 md:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          declare.mutate(
            {
              title,
              severity,
              services,
              regions,
              commander_id: commander || null,
              ...(seen ? { summary: seen.text, impact_started_at: seen.from } : {}),
            },
            { onSuccess: (r) => router.push(`/incidents/${r.incident.ref}`) },
          );
        }}
      >
        <label className="text-sm font-medium md:col-span-2">
          Title
          <input
            className={`${control} mt-1 block w-full`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            minLength={3}
            placeholder="Edge connect failures in eu-west"
          />
        </label>
        <label className="text-sm font-medium">
          Severity
          <select
            className={`${control} mt-1 block w-full`}
            value={severity}
            onChange={(e) => setSeverity(oneOf(INCIDENT_SEVERITIES, e.target.value) ?? severity)}
          >
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()} — {SEVERITY_MEANING[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Incident commander
          <PersonSelect
            label="Incident commander"
            className="mt-1 block w-full"
            value={commander}
            people={people}
            me={me}
            onChange={setCommander}
            empty="none yet"
          />
        </label>
        <ChoiceField
          className="md:col-span-2"
          label="Services"
          options={SERVICES.map((s) => [s, SERVICE_LABELS[s]] as const)}
          value={services}
          onChange={setServices}
        />
        <ChoiceField
          className="md:col-span-2"
          label="Regions"
          options={knownRegions}
          value={regions}
          onChange={setRegions}
        />
        <div className="flex items-center gap-2 md:col-span-4">
          <Button type="submit" variant="danger" disabled={declare.isPending}>
            {declare.isPending ? "Declaring…" : "Declare"}
          </Button>
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          {declare.isError && <span className="text-sm text-red-700 dark:text-red-400">{declare.error.message}</span>}
          {overlapping.length > 0 && (
            <p role="status" className="w-full text-sm text-amber-900 dark:text-amber-200">
              Already open for this:{" "}
              {overlapping.map((i, n) => (
                <span key={i.id}>
                  {n > 0 && ", "}
                  <Link href={`/incidents/${i.ref}`} className="font-medium underline">
                    {i.ref} {i.title}
                  </Link>{" "}
                  ({freezeScope(i)})
                </span>
              ))}
              . Add to it rather than declaring another?
            </p>
          )}
          {seen && (
            <span className="text-xs text-muted">
              {seen.text} Impact start set to {seen.from}.
            </span>
          )}
          {isMajor(severity) && (
            <span className="text-xs text-muted">A SEV0/SEV1 freezes non-essential deploys until mitigated.</span>
          )}
        </div>
      </form>
    </Panel>
  );
}
