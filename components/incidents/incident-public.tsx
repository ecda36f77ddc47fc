"use client";

// What customers see of the incident now, read from /status itself: published or not, the public state
// and since when, the last customer update — and the way to publish (a customer update, like any other).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FocusPanel } from "@/components/ui/use-panel-focus";
import type { Incident } from "@/lib/incidents/contract";
import { timelineQuery, useIncidentMutations } from "@/lib/client/queries/incidents";
import { freshStatusQuery } from "@/lib/client/queries/status";
import { PUBLIC_STATE_LABEL, publicState, publicTime, successRateOf } from "@/lib/status/rules";
import { isMajor, isOpen } from "@/lib/vocabulary";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";

/** What /status shows of an incident, and what the console knows that goes with it (the last measured impact). */
export function usePublicView(i: Incident) {
  const status = useQuery(freshStatusQuery());
  const t = useQuery(timelineQuery(i.id));
  const corrected = new Set(t.data?.entries.flatMap((e) => (e.corrects ? [e.corrects] : [])) ?? []);
  const told = (t.data?.entries ?? []).filter(
    (e) => e.kind === "status_update" && e.data.audience === "customer" && !corrected.has(e.id),
  );
  const rate = told.map((e) => successRateOf(e.data.success_rate)).findLast((x) => x !== null) ?? null;
  const pub = status.data?.incidents.find((p) => p.id === i.ref) ?? null;
  return { loaded: status.isSuccess && t.isSuccess, pub, published: told.length > 0, rate };
}

/** A measured success rate field's value as the API takes it: a percent, or nothing when left empty. */
export function rateValue(s: string): number | undefined {
  const n = Number(s.replace(",", ".").replace("%", "").trim());
  return s.trim() && Number.isFinite(n) ? n : undefined;
}

export function SuccessRateField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
      Measured success rate, % (optional: sets degraded vs partial vs major outage)
      <input
        className={`${control} mt-0.5 block w-28`}
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="e.g. 96.8"
      />
    </label>
  );
}

export function PublicView({ incident: i, canWrite }: { incident: Incident; canWrite: boolean }) {
  const v = usePublicView(i);
  const m = useIncidentMutations(i.id);
  const [body, setBody] = useState<string | null>(null);
  const [rate, setRate] = useState("");
  if (!v.loaded) return null;
  const would = PUBLIC_STATE_LABEL[publicState({ ...i, successRate: v.rate })];
  const last = v.pub?.updates[0];
  const unseen = !v.pub && isOpen(i.status);
  return (
    <section
      aria-label="On the public status page"
      data-testid="public-view"
      className={`mt-3 rounded-md border px-3 py-2 text-sm ${unseen && isMajor(i.severity) ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">On /status:</span>
        {v.pub ? (
          <span>
            {v.pub.resolved_at
              ? `Resolved ${publicTime(v.pub.resolved_at)}; impact from ${publicTime(v.pub.started_at)}`
              : `${PUBLIC_STATE_LABEL[v.pub.state]} since ${publicTime(v.pub.started_at)}`}
          </span>
        ) : (
          <span>
            Not published — customers see nothing of this incident
            {unseen ? ` (publishing would show ${would})` : ""}.
          </span>
        )}
        {canWrite && (
          <Button
            variant="secondary"
            className="text-xs"
            aria-expanded={body !== null}
            onClick={() => setBody(body === null ? "" : null)}
          >
            {v.pub ? "Post a customer update" : "Publish"}
          </Button>
        )}
      </div>
      {last && (
        <p className="mt-1 text-xs text-muted">
          Last customer update, {publicTime(last.at)}: “{last.body}”
        </p>
      )}
      {body !== null && (
        <FocusPanel onClose={() => setBody(null)}>
          <form
            aria-label="Publish a customer update"
            className="mt-2 space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              const success_rate = rateValue(rate);
              m.append.mutate(
                {
                  kind: "status_update",
                  body: body.trim(),
                  data: { audience: "customer", ...(success_rate !== undefined ? { success_rate } : {}) },
                },
                { onSuccess: () => (setBody(null), setRate("")) },
              );
            }}
          >
            <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Customer update (shown on /status as written)
              <textarea
                className={`${control} mt-0.5 block h-16 w-full`}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                required
                maxLength={5000}
                placeholder="What customers notice, where, and when you will update next"
              />
            </label>
            <SuccessRateField value={rate} onChange={setRate} />
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" disabled={m.append.isPending || !body.trim()}>
                {v.pub ? "Post to /status" : "Publish to /status"}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setBody(null)}>
                Cancel
              </Button>
              {m.append.error && (
                <span role="alert" className="text-red-700 dark:text-red-400">
                  {m.append.error.message}
                </span>
              )}
            </div>
          </form>
        </FocusPanel>
      )}
    </section>
  );
}
