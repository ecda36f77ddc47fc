"use client";

// The schedule editor (admins): each layer's rotation, start, change time, zone and people in order.
import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { scheduleQuery, usePreviewSchedule, useSaveSchedule } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import { oneOf } from "@/lib/client/one-of";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/input-field";
import { SelectField } from "@/components/ui/select-field";
import { PersonSelect } from "@/components/incidents/person-select";
import type { People } from "@/components/incidents/people";
import { LAYERS, type RotationLayer, ROTATIONS } from "@/lib/vocabulary";
import { LAYER_LABEL as LABEL } from "./layer-label";
import { SchedulePreview } from "./schedule-preview";
import { TimeZones } from "./time-zones";
import { time24 } from "@/components/ui/time-input";

type EditLayer = RotationLayer;

/**
 * The schedule editor (admins), for one team's rotation: each layer's rotation, start, change time, zone and
 * people in order; the shadow layer is optional. Saving
 * shows a preview first (now and the next 14 days, changes and warnings); confirming writes a new version,
 * in force from then on.
 */
export function ScheduleEditor({ team, people }: { team: string; people: People }) {
  const q = useQuery(scheduleQuery(team));
  const [layers, keepLayers] = useState<EditLayer[] | null>(null);
  const save = useSaveSchedule();
  const preview = usePreviewSchedule();
  // An edit makes a preview stale: it goes, and saving asks for a new one.
  const setLayers = (next: EditLayer[] | null) => {
    preview.reset();
    keepLayers(next);
  };
  const saved = useRef<HTMLSpanElement>(null);
  // Saving disables the button it was pressed on: the keyboard's place moves to the outcome, once per save.
  useEffect(() => {
    if (save.isSuccess) saved.current?.focus();
  }, [save.isSuccess, save.data]);
  if (!q.data) return null;
  const current = layers ?? q.data.schedule?.layers ?? [];
  const set = (i: number, patch: Partial<EditLayer>) =>
    setLayers(current.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const missing = LAYERS.filter((l) => !current.some((c) => c.layer === l));
  const failed = save.error ?? preview.error;
  const error = failed instanceof ClientApiError ? failed : null;
  const edited = () => current.map((l) => ({ ...l, people: l.people.filter(Boolean) }));
  const shown = preview.data && layers !== null ? preview.data.preview : null;
  return (
    <form
      aria-label="Edit the schedule"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.reset();
        preview.mutate({ team, layers: edited() });
      }}
    >
      <p className="text-xs text-muted">
        Version {q.data.schedule?.version ?? "none"}. Saving shows who is on call now and for the next two weeks first;
        a saved version holds from then on, and the shifts before it stay as they were.
      </p>
      {current.map((l, i) => (
        <fieldset
          key={l.layer}
          className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
          data-layer={l.layer}
        >
          <legend className="px-1 text-sm font-medium">{LABEL[l.layer]}</legend>
          <div className="flex flex-wrap items-end gap-2">
            <SelectField
              label="Rotates"
              value={l.rotation}
              onChange={(v) => set(i, { rotation: oneOf(ROTATIONS, v) ?? l.rotation })}
              options={ROTATIONS}
            />
            <InputField
              label="First shift on"
              type="date"
              value={l.start_date}
              onChange={(e) => set(i, { start_date: e.target.value })}
              required
            />
            <InputField
              label="Changes at"
              {...time24}
              value={l.handoff_time}
              onChange={(e) => set(i, { handoff_time: e.target.value })}
              required
            />
            <InputField
              label="Time zone"
              list="time-zones"
              value={l.time_zone}
              onChange={(e) => set(i, { time_zone: e.target.value })}
              required
            />
            <Button type="button" variant="ghost" onClick={() => setLayers(current.filter((_, j) => j !== i))}>
              Remove layer
            </Button>
          </div>
          <ol className="mt-2 flex flex-wrap items-center gap-2" aria-label={`${LABEL[l.layer]} people, in order`}>
            {l.people.map((p, k) => (
              <li key={k} className="flex items-center gap-1">
                <span className="text-xs text-muted">{k + 1}.</span>
                <PersonSelect
                  label={`${LABEL[l.layer]} person ${k + 1}`}
                  value={p}
                  people={people}
                  onChange={(v) => set(i, { people: l.people.map((x, m) => (m === k ? v : x)) })}
                  empty="choose"
                />
                <Button
                  type="button"
                  variant="ghost"
                  aria-label={`Remove ${LABEL[l.layer]} person ${k + 1}`}
                  onClick={() => set(i, { people: l.people.filter((_, m) => m !== k) })}
                >
                  ✕
                </Button>
              </li>
            ))}
            <li>
              <Button type="button" variant="secondary" onClick={() => set(i, { people: [...l.people, ""] })}>
                Add person
              </Button>
            </li>
          </ol>
        </fieldset>
      ))}
      <TimeZones id="time-zones" />
      <div className="flex flex-wrap items-center gap-2">
        {missing.map((m) => (
          <Button
            key={m}
            type="button"
            variant="secondary"
            onClick={() =>
              setLayers(
                [
                  ...current,
                  {
                    layer: m,
                    rotation: "weekly" as const,
                    start_date: new Date().toISOString().slice(0, 10),
                    handoff_time: "09:00",
                    time_zone: "UTC",
                    people: [],
                  },
                ].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer)),
              )
            }
          >
            Add {LABEL[m].toLowerCase()} layer
          </Button>
        ))}
        {!shown && (
          <Button type="submit" disabled={preview.isPending || layers === null}>
            Save as a new version
          </Button>
        )}
        {layers !== null && (
          <Button type="button" variant="ghost" onClick={() => setLayers(null)}>
            Discard changes
          </Button>
        )}
        {save.isSuccess && layers === null && (
          <span
            role="status"
            tabIndex={-1}
            ref={saved}
            className="rounded text-xs text-emerald-700 outline-offset-2 dark:text-emerald-400"
          >
            Saved version {save.data.schedule.version}.
          </span>
        )}
      </div>
      {shown && (
        <SchedulePreview
          preview={shown}
          saving={save.isPending}
          onBack={() => preview.reset()}
          onConfirm={(confirm) =>
            save.mutate(
              { team, layers: edited(), ...(confirm ? { confirm } : {}) },
              {
                onSuccess: () => setLayers(null),
              },
            )
          }
        />
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
