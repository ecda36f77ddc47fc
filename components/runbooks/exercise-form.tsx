"use client";

// Record that a runbook was exercised: a drill in staging (or a use in an incident not linked from its timeline).
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { call } from "@/lib/client/api";
import type { recordExerciseEndpoint } from "@/lib/runbooks/contract";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { ErrorNotice } from "@/components/ui/page";

export function ExerciseForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [setting, setSetting] = useState<"staging" | "incident">("staging");
  const [incident, setIncident] = useState("");
  const [notes, setNotes] = useState("");
  const record = useMutation({
    mutationFn: () =>
      call<typeof recordExerciseEndpoint>("POST /api/v1/runbooks/{slug}/exercises", {
        params: { slug },
        body: { setting, notes, ...(setting === "incident" ? { incident } : {}) },
      }),
    onSuccess: () => {
      setNotes("");
      router.refresh();
    },
  });
  return (
    <form
      aria-label="Record an exercise"
      className="mt-3 flex flex-col gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <div className="flex flex-wrap gap-2">
        <select
          aria-label="Where"
          className={control}
          value={setting}
          onChange={(e) => setSetting(e.target.value as "staging" | "incident")}
        >
          <option value="staging">drill in staging</option>
          <option value="incident">used in an incident</option>
        </select>
        {setting === "incident" && (
          <input
            aria-label="Incident"
            className={control}
            placeholder="INC-42"
            value={incident}
            required
            onChange={(e) => setIncident(e.target.value)}
          />
        )}
      </div>
      <textarea
        aria-label="What deviated or was unclear"
        className={control}
        rows={2}
        placeholder="What deviated or was unclear (optional)"
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
      />
      {record.isError && <ErrorNotice title="Not recorded" message={record.error.message} />}
      <Button type="submit" variant="secondary" disabled={record.isPending}>
        Record exercise
      </Button>
    </form>
  );
}
