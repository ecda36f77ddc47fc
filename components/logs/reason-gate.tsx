"use client";

// An operator's stated reason for reading an org's logs: asked before the first read, kept on the server
// for this person and org only, shown while it is in force, and ended on request.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { accessQuery, endAccessReason, logKeys, stateAccessReason, tenantLogSource } from "@/lib/client/queries/logs";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { control } from "@/components/ui/control";

export function ReasonBanner({ org, reason, expiresAt }: { org: string; reason: string; expiresAt: string }) {
  const client = useQueryClient();
  return (
    <p className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
      <span>
        Reading as an operator until {expiresAt.slice(11, 16)} UTC. Your reason, shown to the tenant in its audit log:{" "}
        <strong className="break-all">{reason}</strong>
      </span>
      <button
        type="button"
        className="ml-auto underline underline-offset-2"
        onClick={async () => {
          await endAccessReason(org);
          await client.invalidateQueries({ queryKey: logKeys.source(tenantLogSource(org)) });
        }}
      >
        Stop reading
      </button>
    </p>
  );
}

/** Asks for the reason, records it, then refreshes what it unlocks (this org's logs, and `also`). */
export function ReasonForm({
  org,
  placeholder = "e.g. SUP-1234: customer reports 502s",
  also = [],
}: {
  org: string;
  placeholder?: string;
  also?: (readonly unknown[])[];
}) {
  const client = useQueryClient();
  const [error, setError] = useState<ClientApiError | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <>
      <form
        className="mt-3 flex gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
          if (!r) return;
          setPending(true);
          setError(null);
          try {
            await stateAccessReason(org, r);
            await Promise.all(
              [logKeys.source(tenantLogSource(org)), ...also].map((queryKey) => client.invalidateQueries({ queryKey })),
            );
          } catch (err) {
            setError(err instanceof ClientApiError ? err : new ClientApiError(0, "error", String(err)));
          } finally {
            setPending(false);
          }
        }}
      >
        <input
          name="reason"
          required
          maxLength={500}
          placeholder={placeholder}
          aria-label={`Reason for reading ${org}'s logs`}
          className={`${control} min-w-0 flex-1`}
        />
        <Button type="submit" disabled={pending}>
          Continue
        </Button>
      </form>
      {error && <ErrorNotice title="Couldn't record your reason" message={error.message} requestId={error.requestId} />}
    </>
  );
}

export function ReasonGate({ org, orgName, what = "logs" }: { org: string; orgName: string; what?: string }) {
  return (
    <Panel className="mx-auto mt-8 max-w-lg p-6">
      <h2 className="font-medium">
        Why are you reading {orgName}&apos;s {what}?
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        A tenant&apos;s {what} are customer data. Your reason is recorded with every read and shown to {orgName} in its
        audit log. It applies to you alone, for this org, for a limited time — a link you share does not carry it.
      </p>
      <ReasonForm org={org} />
    </Panel>
  );
}

/**
 * What an operator reads of a tenant only after stating why (`needsReason`): the gate until a reason is in
 * force, then the banner that shows it above the content. A member reads its own org straight away.
 */
export function WithReason({
  org,
  orgName,
  needsReason,
  what,
  children,
}: {
  org: string;
  orgName: string;
  needsReason: boolean;
  what?: string;
  children: React.ReactNode;
}) {
  const access = useQuery({ ...accessQuery(org), enabled: needsReason });
  // Once a reason is given in the gate, focus moves to what it opened instead of dropping to the page.
  const [asked, setAsked] = useState(false);
  const opened = useCallback((el: HTMLDivElement | null) => el?.focus(), []);
  if (!needsReason) return <>{children}</>;
  if (access.isPending) return <Skeleton rows={4} />;
  if (!access.data?.access) {
    if (!asked) setAsked(true);
    return <ReasonGate org={org} orgName={orgName} what={what} />;
  }
  return (
    <div ref={asked ? opened : undefined} tabIndex={-1} className="outline-none">
      <ReasonBanner org={org} reason={access.data.access.reason} expiresAt={access.data.access.expires_at} />
      {children}
    </div>
  );
}
