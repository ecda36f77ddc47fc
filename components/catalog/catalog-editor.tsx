"use client";

// The service catalog, a card per service: the owning team, its runbooks, dashboards and SLOs. A service
// with no owner is a gap: its alerts go to the platform team. Admins edit and save the whole list as a new
// version; everyone else reads it.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { catalogQuery, useSaveCatalog } from "@/lib/client/queries/catalog";
import { teamsQuery } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import type { CatalogEntryView as CatalogEntry } from "@/lib/catalog/contract";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ChoiceField } from "@/components/ui/choice-field";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { SelectField } from "@/components/ui/select-field";
import { Time } from "@/components/ui/time";

type Pair = readonly [string, string];
type Draft = Record<string, CatalogEntry | undefined>;

export function CatalogEditor({
  services,
  runbooks,
  dashboards,
  slos,
  people,
  isAdmin,
}: {
  services: readonly Pair[];
  runbooks: readonly Pair[];
  dashboards: readonly Pair[];
  slos: readonly Pair[];
  people: Record<string, string>;
  isAdmin: boolean;
}) {
  const q = useQuery(catalogQuery());
  const teams = useQuery(teamsQuery());
  const save = useSaveCatalog();
  const [draft, keepDraft] = useState<Draft | null>(null);
  if (q.isPending || teams.isPending) return <Skeleton rows={8} />;
  if (q.isError) return <ErrorNotice title="The catalog could not load" message={q.error.message} />;
  if (teams.isError) return <ErrorNotice title="The teams could not load" message={teams.error.message} />;
  const c = q.data.catalog;
  const current: Draft = draft ?? Object.fromEntries(c.entries.map((e) => [e.service, e]));
  const setDraft = (next: Draft | null) => {
    save.reset();
    keepDraft(next);
  };
  // A service set to no owner keeps its references in the draft (an empty team), so choosing an owner again
  // brings them back; it is left out of the save.
  const set = (service: string, patch: Partial<CatalogEntry>) => {
    const prev = current[service] ?? { service, team: "", runbooks: [], dashboards: [], slos: [] };
    setDraft({ ...current, [service]: { ...prev, ...patch } });
  };
  const owners: Pair[] = [["", "No owner"], ...teams.data.teams.map((t) => [t.id, t.name] as const)];
  const error = save.error instanceof ClientApiError ? save.error : null;
  return (
    <form
      aria-label="Service catalog"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const entries = services.flatMap(([s]) => (current[s]?.team ? [current[s]] : []));
        save.mutate({ entries }, { onSuccess: () => keepDraft(null) });
      }}
    >
      <p className="text-xs text-muted">
        {c.version === null ? (
          "Never saved: every service is a gap."
        ) : (
          <>
            Version {c.version}, saved by {c.created_by ? (people[c.created_by] ?? c.created_by) : "the demo"}{" "}
            {c.created_at && <Time iso={c.created_at} compact />}.{" "}
          </>
        )}
        {c.gaps.length > 0 && `${c.gaps.length} without an owner.`}
      </p>
      <fieldset disabled={!isAdmin} className="grid gap-3 lg:grid-cols-2">
        <legend className="sr-only">Services</legend>
        {services.map(([service, label]) => {
          const e = current[service];
          return (
            <Panel key={service} className="p-4">
              <section aria-label={label} data-service={service} className="space-y-2">
                <div className="flex flex-wrap items-end justify-between gap-2">
                  <h2 className="font-medium">{label}</h2>
                  <SelectField
                    label={`${label}: owning team`}
                    value={e?.team ?? ""}
                    options={owners}
                    onChange={(team) => set(service, { team })}
                  />
                </div>
                {!e?.team ? (
                  <p className="text-sm text-amber-800 dark:text-amber-300">
                    <Badge tone="warn">gap</Badge> No owner — alerts go to the platform team
                  </p>
                ) : (
                  <>
                    <ChoiceField
                      label="Dashboards"
                      options={dashboards}
                      value={e.dashboards}
                      onChange={(dashboards) => set(service, { dashboards })}
                    />
                    <ChoiceField
                      label="SLOs"
                      options={slos}
                      value={e.slos}
                      onChange={(slos) => set(service, { slos })}
                    />
                    <details>
                      <summary className="tap cursor-pointer text-sm">Runbooks ({e.runbooks.length})</summary>
                      <ChoiceField
                        label="Runbooks"
                        options={runbooks}
                        value={e.runbooks}
                        onChange={(runbooks) => set(service, { runbooks })}
                        className="mt-1"
                      />
                    </details>
                  </>
                )}
              </section>
            </Panel>
          );
        })}
      </fieldset>
      {isAdmin && (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={save.isPending || draft === null}>
            Save as a new version
          </Button>
          {draft !== null && (
            <Button type="button" variant="ghost" onClick={() => setDraft(null)}>
              Discard changes
            </Button>
          )}
          {save.isSuccess && draft === null && (
            <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Saved version {save.data.catalog.version}.
            </span>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
