"use client";

// A form to take a shift, or part of one: an override on one layer for a window (UTC).
import { useState } from "react";
import { useOverrides } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import { oneOf } from "@/lib/client/one-of";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { PersonSelect } from "@/components/incidents/person-select";
import type { People } from "@/components/incidents/people";
import { LAYERS, type Layer } from "@/lib/vocabulary";
import { LAYER_LABEL as LABEL } from "./layer-label";
import { DateTimeInput } from "@/components/ui/time-input";

const utcInput = (t: number) => new Date(t).toISOString().slice(0, 16);

export function OverrideForm({ team, people, me }: { team: string; people: People; me: string }) {
  const { add } = useOverrides();
  const [layer, setLayer] = useState<Layer>("primary");
  const [user, setUser] = useState(me);
  const [opened] = useState(() => utcInput(Date.now()));
  const [start, setStart] = useState(opened);
  const [end, setEnd] = useState(() => utcInput(Date.now() + 4 * 3_600_000));
  const [reason, setReason] = useState("");
  const error = add.error instanceof ClientApiError ? add.error : null;
  return (
    <form
      aria-label="Take a shift"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        // Left at the time the form opened, the start means "now": sent as the moment it is submitted.
        add.mutate(
          {
            team,
            layer,
            user_id: user,
            start: start === opened ? new Date().toISOString() : `${start}:00Z`,
            end: `${end}:00Z`,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
          { onSuccess: () => setReason("") },
        );
      }}
    >
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Layer
        <select
          className={`${control} mt-0.5 block`}
          value={layer}
          onChange={(e) => setLayer(oneOf(LAYERS, e.target.value) ?? layer)}
        >
          {LAYERS.map((l) => (
            <option key={l} value={l}>
              {LABEL[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Who
        <PersonSelect
          label="Who takes the shift"
          value={user}
          people={people}
          onChange={setUser}
          me={me}
          empty="choose"
          className="mt-0.5 block"
        />
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        From (UTC)
        <DateTimeInput
          className={`${control} mt-0.5 block w-full min-w-0 sm:w-auto`}
          value={start}
          onValue={setStart}
          required
        />
      </label>
      <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Until (UTC)
        <DateTimeInput
          className={`${control} mt-0.5 block w-full min-w-0 sm:w-auto`}
          value={end}
          onValue={setEnd}
          required
        />
      </label>
      <label className="min-w-48 flex-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Reason (optional)
        <input
          className={`${control} mt-0.5 block w-full`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          placeholder="swap with Ian for Friday"
        />
      </label>
      <Button type="submit" disabled={add.isPending || !user}>
        Add override
      </Button>
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
