"use client";

// Which services an incident affects, edited from the catalog only: the deploy freeze, Investigate and the
// public status follow the edit, and the timeline records it.
import { useState } from "react";
import type { Incident } from "@/lib/incidents/contract";
import { freezes, freezeScope } from "@/lib/incidents/rules";
import { useIncidentMutations } from "@/lib/client/queries/incidents";
import { SERVICE_LABELS, SERVICES, type Service, isService } from "@/lib/metrics/services";
import { ChoiceField } from "@/components/ui/choice-field";
import { Button } from "@/components/ui/button";

export function ServicesEdit({ incident: i, onClose }: { incident: Incident; onClose: () => void }) {
  const { update } = useIncidentMutations(i.id);
  const [services, setServices] = useState<Service[]>(i.services.filter(isService));
  const same = JSON.stringify([...services].sort()) === JSON.stringify([...i.services].sort());
  const after = { ...i, services };
  return (
    <form
      aria-label="Edit the services"
      className="mt-3 space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ services }, { onSuccess: onClose });
      }}
      onKeyDown={(e) => e.key === "Escape" && onClose()}
    >
      <ChoiceField
        label="Services"
        options={SERVICES.map((s) => [s, SERVICE_LABELS[s]] as const)}
        value={services}
        onChange={setServices}
      />
      {!same && freezes(i) && (
        <p role="status" className="font-medium text-amber-900 dark:text-amber-200">
          The deploy freeze moves from {freezeScope(i)} to {freezeScope(after)}.
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={same || update.isPending}>
          Save services
        </Button>
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        {update.error && (
          <span role="alert" className="text-red-700 dark:text-red-400">
            {update.error.message}
          </span>
        )}
      </div>
    </form>
  );
}
