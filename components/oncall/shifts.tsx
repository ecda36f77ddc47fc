"use client";

// Who holds each layer now, and the week's shifts per layer with overrides cut in.
import { useQuery } from "@tanstack/react-query";
import { onCallQuery } from "@/lib/client/queries/oncall";
import type { onCallEndpoint, ShiftView } from "@/lib/oncall/contract";
import type { ResponseOf } from "@/lib/http/endpoint";
import { Badge } from "@/components/ui/badge";
import { ErrorNotice, Panel } from "@/components/ui/page";
import { Time } from "@/components/ui/time";
import { LAYERS } from "@/lib/vocabulary";
import { LAYER_LABEL as LABEL } from "./layer-label";
import { NextOnCall } from "./next-on-call";

export type OnCallNow = ResponseOf<typeof onCallEndpoint>;

export function Now({ team, initial }: { team: string; initial?: OnCallNow }) {
  const q = useQuery({ ...onCallQuery(team), initialData: initial });
  if (q.isPending) return <NowLoading />;
  if (q.isError) return <ErrorNotice title="Who is on call could not load" message={q.error.message} />;
  if (!q.data.on_call.length)
    return (
      <p className="text-sm text-muted">
        No rotation is set up for this team yet: an admin adds one in the schedule editor below.
      </p>
    );
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="On call now">
      {q.data.on_call.map((s) => (
        <li key={s.layer}>
          <Panel className="p-4">
            <p className="text-xs font-medium text-muted uppercase">{LABEL[s.layer]}</p>
            <p className="mt-1 text-lg font-semibold">{s.user.name}</p>
            <p className="text-xs text-muted">
              until <Time iso={s.end} compact /> {s.override_id && <Badge tone="info">override</Badge>}
            </p>
          </Panel>
        </li>
      ))}
    </ul>
  );
}

/** Who takes each layer over next, and when. */
export function Next({ team, initial }: { team: string; initial?: OnCallNow }) {
  const q = useQuery({ ...onCallQuery(team), initialData: initial });
  if (!q.data?.next.length) return null;
  return (
    <Panel className="p-4">
      <h2 className="mb-1 font-medium">Next on call</h2>
      <NextOnCall next={q.data.next} />
    </Panel>
  );
}

/** One card a layer, as tall as the loaded ones: what is below does not move when they arrive. */
function NowLoading() {
  return (
    <ul
      className="grid animate-pulse gap-3 sm:grid-cols-2 lg:grid-cols-4"
      role="status"
      aria-label="Loading who is on call"
    >
      {LAYERS.map((layer) => (
        <li key={layer}>
          <Panel className="p-4">
            <p className="text-xs text-muted uppercase">{LABEL[layer]}</p>
            <p className="mt-1 h-7 w-2/3 rounded bg-zinc-200 dark:bg-zinc-800" />
            <p className="h-4 w-1/2 rounded bg-zinc-200 dark:bg-zinc-800" />
          </Panel>
        </li>
      ))}
    </ul>
  );
}

export function Week({
  shifts,
  onCancel,
  canWrite,
}: {
  shifts: ShiftView[];
  onCancel: (id: string) => void;
  canWrite: boolean;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {LAYERS.map((layer) => {
        const mine = shifts.filter((s) => s.layer === layer);
        return (
          <Panel key={layer} className="p-4">
            <h3 className="font-medium">{LABEL[layer]}</h3>
            {mine.length === 0 ? (
              <p className="mt-1 text-sm text-muted">Nobody on this layer.</p>
            ) : (
              <ol
                className="mt-2 divide-y divide-zinc-100 text-sm dark:divide-zinc-800"
                aria-label={`${LABEL[layer]} shifts`}
              >
                {mine.map((s) => {
                  const override = s.override_id;
                  return (
                    <li
                      key={`${s.start}-${s.user.id}`}
                      className="flex flex-wrap items-center gap-x-2 py-1.5"
                      data-override={override ?? undefined}
                    >
                      <span className="min-w-0 flex-1 font-medium">{s.user.name}</span>
                      {override && <Badge tone="info">override</Badge>}
                      <span className="basis-full text-xs text-muted">
                        <Time iso={s.start} compact /> → <Time iso={s.end} compact />
                      </span>
                      {override && canWrite && (
                        <button
                          type="button"
                          className="text-xs text-red-700 underline dark:text-red-400"
                          onClick={() => onCancel(override)}
                        >
                          Cancel override
                        </button>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
          </Panel>
        );
      })}
    </div>
  );
}
