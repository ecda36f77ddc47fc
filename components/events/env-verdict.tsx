"use client";

// An env's verdict in a word, for a list of envs: serving, partially, not serving — or not known.
import { useQuery } from "@tanstack/react-query";
import { describeEnvQuery } from "@/lib/client/queries/events";
import { Badge } from "@/components/ui/badge";
import { VERDICT } from "./env-state";

export function EnvVerdict({ org, app, env }: { org: string; app: string; env: string }) {
  const q = useQuery(describeEnvQuery("tenant", org, app, env));
  if (q.isPending) return <span className="text-xs text-muted">checking…</span>;
  if (q.isError) return <Badge tone="warn">unknown: {q.error.message}</Badge>;
  const d = q.data.env;
  if (!d.process_types.length && !d.routes.length) return <Badge tone="warn">no events reported</Badge>;
  const v = VERDICT[d.verdict];
  return (
    <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2 text-sm">
      <Badge tone={v.tone}>{v.label}</Badge>
      {d.reasons[0] && <span className="min-w-0 text-muted">{d.reasons[0]}</span>}
    </span>
  );
}
