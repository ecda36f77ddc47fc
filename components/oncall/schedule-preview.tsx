"use client";

// What saving a schedule would do, before it is saved: who holds each layer now under the version in force
// and under the new one, the next two weeks' shifts with what changes marked, and the warnings (the current
// holder changes, an open Sev0/Sev1, one person on two layers at once, a shadow who is the primary). Confirming
// saves.
import { useEffect, useRef, useState } from "react";
import type { previewScheduleEndpoint } from "@/lib/oncall/contract";
import type { ResponseOf } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";
import { LAYERS } from "@/lib/vocabulary";
import { PREVIEW_DAYS } from "@/lib/oncall/rules";
import { LAYER_LABEL as LABEL } from "./layer-label";

export type SchedulePreviewData = ResponseOf<typeof previewScheduleEndpoint>["preview"];

export function SchedulePreview({
  preview,
  saving,
  onConfirm,
  onBack,
}: {
  preview: SchedulePreviewData;
  saving: boolean;
  onConfirm: (confirm: boolean) => void;
  onBack: () => void;
}) {
  const twice = preview.warnings.some((w) => w.code === "same_person");
  // Nobody shadows themselves: no confirming that away, the shadow layer's people must change.
  const self = preview.warnings.some((w) => w.code === "shadow_self");
  const [meant, setMeant] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The preview replaces the button that asked for it: the keyboard's place moves to its heading.
  useEffect(() => heading.current?.focus(), [preview]);
  return (
    <section
      aria-labelledby="schedule-preview-heading"
      data-testid="schedule-preview"
      className="space-y-3 rounded-md border border-indigo-200 p-3 dark:border-indigo-900"
    >
      <h3 id="schedule-preview-heading" ref={heading} tabIndex={-1} className="font-medium outline-offset-2">
        Before you save: the new version from <Time iso={preview.at} compact />
      </h3>
      <p className="text-xs text-muted">
        Shifts before then stay as they were; the new version holds from the save on.
      </p>
      {preview.warnings.length > 0 && (
        <ul role="alert" aria-label="Warnings" className="space-y-1">
          {preview.warnings.map((w, i) => (
            <li
              key={i}
              className="rounded bg-amber-50 px-2 py-1 text-sm text-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
            >
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <table className="text-sm" aria-label="On call now, before and after">
        <thead>
          <tr className="text-left text-xs text-muted">
            <th className="pr-4 font-medium">Layer</th>
            <th className="pr-4 font-medium">Now</th>
            <th className="font-medium">After saving</th>
          </tr>
        </thead>
        <tbody>
          {preview.now.map((h) => {
            const changed = h.before?.id !== h.after?.id;
            return (
              <tr key={h.layer} data-changed={changed || undefined} className={changed ? "font-semibold" : ""}>
                <td className="pr-4">{LABEL[h.layer]}</td>
                <td className="pr-4">{h.before?.name ?? "nobody"}</td>
                <td>
                  {h.after?.name ?? "nobody"} {changed && <Badge tone="warn">changes now</Badge>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {LAYERS.map((layer) => {
          const mine = preview.shifts.filter((s) => s.layer === layer);
          if (!mine.length) return null;
          return (
            <div key={layer}>
              <h4 className="text-sm font-medium">
                {LABEL[layer]}: the next {PREVIEW_DAYS} days
              </h4>
              <ol className="mt-1 space-y-0.5 text-sm" aria-label={`${LABEL[layer]} shifts after saving`}>
                {mine.map((s) => (
                  <li
                    key={`${s.start}-${s.user.id}`}
                    data-changed={s.changed || undefined}
                    className={`rounded px-1 ${s.changed ? "bg-amber-50 dark:bg-amber-950/60" : ""}`}
                  >
                    <span className="font-medium">{s.user.name}</span> {s.changed && <Badge tone="warn">changed</Badge>}
                    {s.override_id && <Badge tone="info">override</Badge>}
                    <span className="block text-xs text-muted">
                      <Time iso={s.start} compact /> → <Time iso={s.end} compact />
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          );
        })}
      </div>
      {twice && (
        <label className="tap flex items-center gap-2 text-sm">
          <input type="checkbox" checked={meant} onChange={(e) => setMeant(e.target.checked)} />
          One person on two layers at once is meant
        </label>
      )}
      {self && (
        <p className="text-sm text-red-700 dark:text-red-400">
          A shadow cannot be the primary at the same time: change the shadow layer&apos;s people to save.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={saving || self || (twice && !meant)} onClick={() => onConfirm(twice && meant)}>
          Confirm and save
        </Button>
        <Button type="button" variant="ghost" onClick={onBack}>
          Back to editing
        </Button>
      </div>
    </section>
  );
}
