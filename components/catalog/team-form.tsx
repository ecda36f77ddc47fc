"use client";

// A small form for admins to add a team: its slug, name, zone and working hours. Its rotation is set on
// /oncall, its services in the catalog.
import { useState } from "react";
import Link from "next/link";
import { useCreateTeam } from "@/lib/client/queries/oncall";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/input-field";
import { TimeZones } from "@/components/oncall/time-zones";

export function TeamForm() {
  const create = useCreateTeam();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [zone, setZone] = useState("UTC");
  const [start, setStart] = useState("9");
  const [end, setEnd] = useState("17");
  const error = create.error instanceof ClientApiError ? create.error : null;
  return (
    <form
      aria-label="Add a team"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            id: id.trim(),
            name: name.trim(),
            time_zone: zone.trim(),
            work_start_hour: Number(start),
            work_end_hour: Number(end),
          },
          {
            onSuccess: () => {
              setId("");
              setName("");
            },
          },
        );
      }}
    >
      <InputField
        label="Id (slug)"
        value={id}
        onChange={(e) => setId(e.target.value)}
        pattern="[a-z0-9][a-z0-9-]*"
        maxLength={40}
        placeholder="payments"
        required
      />
      <InputField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
      <InputField
        label="Time zone"
        list="team-time-zones"
        value={zone}
        onChange={(e) => setZone(e.target.value)}
        required
      />
      <TimeZones id="team-time-zones" />
      <InputField
        label="Work starts (hour)"
        type="number"
        min={0}
        max={23}
        value={start}
        onChange={(e) => setStart(e.target.value)}
        required
      />
      <InputField
        label="Work ends (hour)"
        type="number"
        min={1}
        max={24}
        value={end}
        onChange={(e) => setEnd(e.target.value)}
        required
      />
      <Button type="submit" disabled={create.isPending}>
        Add team
      </Button>
      {create.isSuccess && (
        <p role="status" className="basis-full text-sm text-emerald-700 dark:text-emerald-400">
          Added {create.data.team.name}.{" "}
          <Link className="underline" href={`/oncall?team=${encodeURIComponent(create.data.team.id)}`}>
            Set up its rotation
          </Link>
        </p>
      )}
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </form>
  );
}
