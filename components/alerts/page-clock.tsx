"use client";

// A page's escalation clock on the alert list: how long it has to be acknowledged, who has been
// notified at each step and whether it reached them — a failed notification is shown, never hidden.
import { useQuery } from "@tanstack/react-query";
import { escalationsQuery } from "@/lib/client/queries/alerts";
import type { Alert } from "@/lib/alerts/contract";
import type { EscalationStep } from "@/lib/escalation/contract";
import { Time } from "@/components/ui/time";

const minutes = (s: number) =>
  s >= 3600 && s % 3600 === 0 ? `${s / 3600} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${s} s`;
const TONE: Record<EscalationStep["status"], string> = {
  delivered: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  skipped: "text-muted",
  grouped: "text-muted",
  sending: "text-muted",
  held: "text-amber-800 dark:text-amber-300",
};

export function PageClock({ alert: a, now }: { alert: Alert; now: number }) {
  // A list carries each alert's clock; a lone alert reads its own.
  const q = useQuery({ ...escalationsQuery(a.id, a.status === "firing"), enabled: !a.clock });
  const clock =
    a.clock ??
    (q.data && {
      ...q.data.policy,
      steps: q.data.escalations.filter((e) => e.fired_at === a.fired_at),
    });
  // Two lines held while it loads (the clock, who was notified), so the rows below do not move when it arrives.
  if (!clock) return q.isPending ? <div className="mt-1 h-9" aria-hidden /> : null;
  const policy = clock;
  const steps = clock.steps;
  const elapsed = Math.floor((now - Date.parse(a.fired_at)) / 1000);
  const left = policy.ack_within_s - elapsed;
  return (
    <div className="mt-1 text-xs" data-testid="page-clock">
      {a.status === "firing" ? (
        <p className={left < 0 ? "font-medium text-red-700 dark:text-red-400" : "text-muted"}>
          {a.priority} {a.severity} {a.kind}: acknowledge within {minutes(policy.ack_within_s)} —{" "}
          {left < 0 ? `overdue by ${minutes(-left)}` : `${minutes(left)} left`}; escalates every{" "}
          {minutes(policy.escalate_after_s)}
        </p>
      ) : null}
      {steps.length > 0 && (
        <ol className="mt-0.5 flex flex-wrap gap-x-3" aria-label="Notified">
          {steps.map((s) => (
            <li key={`${s.step}-${s.recipient}`} className={TONE[s.status]} title={s.detail}>
              {s.recipient === "shadow" ? `${s.layer} (shadow)` : s.layer}:{" "}
              {s.status === "grouped"
                ? // Went with another alert's notification: whose, by name (the id is in the title).
                  s.detail.replace(/ \([^)]*\)$/, "")
                : `${s.user?.name ?? "nobody"} ${
                    s.status === "delivered"
                      ? `✓${s.channel ? ` ${s.channel}` : ""}`
                      : s.status === "failed"
                        ? `✗ ${s.detail}`
                        : s.status === "skipped"
                          ? `— ${s.detail}`
                          : "…"
                  }`}{" "}
              <span className="text-muted">
                <Time iso={s.finished_at ?? s.due_at} compact />
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
