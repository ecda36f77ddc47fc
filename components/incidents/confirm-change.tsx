"use client";

// The confirm panel of a status, severity or role change: what changes, what it does to the deploy freeze,
// an update for the timeline — and, in the same panel, what customers are told when the change moves what
// /status shows (or why not), and the alerts that still fire when it resolves.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState, type Ref } from "react";
import type { Incident, UpdateIncidentBody } from "@/lib/incidents/contract";
import { freezeEffect, freezeScope } from "@/lib/incidents/rules";
import { alertsQuery } from "@/lib/client/queries/alerts";
import type { useIncidentMutations } from "@/lib/client/queries/incidents";
import { customerUpdateNeeded, PUBLIC_STATE_LABEL } from "@/lib/status/rules";
import { Button } from "@/components/ui/button";
import { control } from "@/components/ui/control";
import { rateValue, SuccessRateField, usePublicView } from "./incident-public";

const PREFILL: Partial<Record<Incident["status"], string>> = {
  resolved:
    "This incident is resolved and the affected services are operating normally. We will publish a review of what happened.",
  investigating: "The issue has returned. We are investigating again and will post an update shortly.",
};

export function ConfirmChange({
  ref,
  incident: i,
  pending,
  lines,
  update,
  onCancel,
}: {
  ref?: Ref<HTMLFormElement>;
  incident: Incident;
  pending: Omit<UpdateIncidentBody, "note">;
  lines: string[];
  update: ReturnType<typeof useIncidentMutations>["update"];
  onCancel: () => void;
}) {
  const next = { severity: pending.severity ?? i.severity, status: pending.status ?? i.status };
  const pub = usePublicView(i);
  const resolving = pending.status === "resolved";
  // Only a resolve asks about alerts still firing.
  const alerts = useInfiniteQuery({ ...alertsQuery({ incident: i.id }), enabled: resolving });
  const firing = resolving
    ? (alerts.data?.pages.flatMap((p) => p.alerts) ?? []).filter((a) => a.status !== "resolved")
    : [];
  const [note, setNote] = useState("");
  const [customer, setCustomer] = useState(PREFILL[next.status] ?? "");
  const [rate, setRate] = useState("");
  const [skip, setSkip] = useState<string | null>(null);
  const [confirmFiring, setConfirmFiring] = useState(false);
  // Whether customers must be told is decided by the change itself; a rate typed into the update only says
  // what /status will show (typing one must not take the update away).
  const needed = customerUpdateNeeded(pub.published, i, next, pub.rate);
  const move = needed && (customerUpdateNeeded(true, i, next, pub.rate, rateValue(rate) ?? pub.rate) ?? needed);
  const effect = freezeEffect(i, next);
  return (
    <form
      ref={ref}
      aria-label="Confirm the change"
      className="mt-3 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
      onSubmit={(e) => {
        e.preventDefault();
        const success_rate = rateValue(rate);
        update.mutate({
          ...pending,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(move && skip === null ? { customer_update: customer.trim() } : {}),
          ...(move && skip !== null ? { customer_update_skipped: skip.trim() } : {}),
          ...(move && skip === null && success_rate !== undefined ? { success_rate } : {}),
          ...(firing.length && confirmFiring ? { confirm_firing: true as const } : {}),
        });
      }}
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault(); // the page's own Esc (leave a field) has nothing left to do
        onCancel();
      }}
    >
      <ul className="font-medium text-amber-950 dark:text-amber-100">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {effect && (
        <p
          role="status"
          className={
            effect === "ends"
              ? "font-medium text-red-800 dark:text-red-300"
              : "font-medium text-amber-900 dark:text-amber-200"
          }
        >
          {effect === "ends" ? "This ends" : "This starts"} the deploy freeze on {freezeScope(i)}.
        </p>
      )}
      <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Update for the timeline (optional)
        <textarea
          className={`${control} mt-0.5 block h-16 w-full`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={
            pending.status === "mitigated" ? "What mitigated it, and what you see now" : "Why, and what happens next"
          }
          maxLength={5000}
        />
      </label>
      {move && (
        <fieldset className="space-y-2 rounded border border-amber-400 p-2 dark:border-amber-700">
          <legend className="px-1 font-medium text-amber-950 dark:text-amber-100" data-testid="public-move">
            /status will show {PUBLIC_STATE_LABEL[move.to]} instead of {PUBLIC_STATE_LABEL[move.from]}; its last
            customer update{pub.pub?.updates[0] ? `, “${pub.pub.updates[0].body}”,` : ""} would say otherwise.
          </legend>
          {skip === null ? (
            <>
              <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                {resolving ? "Closing update" : "Update"} for customers (the public status page)
                <textarea
                  className={`${control} mt-0.5 block h-16 w-full`}
                  value={customer}
                  onChange={(e) => setCustomer(e.target.value)}
                  required
                  maxLength={5000}
                />
              </label>
              {!resolving && next.status !== "mitigated" && <SuccessRateField value={rate} onChange={setRate} />}
              <button type="button" className="text-xs underline underline-offset-2" onClick={() => setSkip("")}>
                Don’t tell customers…
              </button>
            </>
          ) : (
            <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Why customers are not told (on the timeline)
              <input
                className={`${control} mt-0.5 block w-full`}
                value={skip}
                onChange={(e) => setSkip(e.target.value)}
                required
                minLength={3}
                maxLength={2000}
              />
              <button type="button" className="mt-1 text-xs underline underline-offset-2" onClick={() => setSkip(null)}>
                Write a customer update instead
              </button>
            </label>
          )}
        </fieldset>
      )}
      {firing.length > 0 && (
        <div
          role="alert"
          className="rounded border border-red-300 p-2 text-red-900 dark:border-red-800 dark:text-red-200"
        >
          <p className="font-medium">
            {firing.length === 1 ? "An alert of this incident still fires:" : "Alerts of this incident still fire:"}
          </p>
          <ul className="list-disc pl-5">
            {firing.map((a) => (
              <li key={a.id}>
                {a.name} ({a.kind}, {a.status})
              </li>
            ))}
          </ul>
          <label className="mt-1 flex items-center gap-2">
            <input
              type="checkbox"
              className="size-4"
              checked={confirmFiring}
              onChange={(e) => setConfirmFiring(e.target.checked)}
              required
            />
            Resolve anyway while {firing.length === 1 ? "it fires" : "they fire"}
          </label>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          type="submit"
          variant={effect === "ends" || resolving ? "danger" : "primary"}
          disabled={update.isPending}
        >
          {update.isPending ? "Saving…" : `Confirm ${lines.length === 1 ? "change" : `${lines.length} changes`}`}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
