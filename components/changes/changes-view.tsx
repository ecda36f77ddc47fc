"use client";

// The change feed: what changed, where and when, newest first — by service, region and kind over a
// window, every filter in the URL so a link from an SLO or a chart opens exactly its window.
import { useInfiniteQuery } from "@tanstack/react-query";
import { changesQuery, type ChangeFilters } from "@/lib/client/queries/changes";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { SERVICES } from "@/lib/metrics/services";
import { ClientApiError } from "@/lib/client/api";
import { Button } from "@/components/ui/button";
import { ErrorNotice, Panel, Skeleton } from "@/components/ui/page";
import { RangeBar } from "@/components/ui/range-bar";
import { PickField } from "@/components/ui/select-field";
import { ChangeList } from "./change-list";
import { CHANGE_KINDS } from "@/lib/vocabulary";

export function ChangesView({ regions }: { regions: string[] }) {
  const { params, update } = useUrlFilters();
  const [service, region, kind] = [params.getAll("service"), params.getAll("region"), params.getAll("kind")];
  const filters: ChangeFilters = {
    service,
    region,
    kind,
    from: params.get("from") ?? "24h",
    to: params.get("to") ?? undefined,
  };
  const q = useInfiniteQuery(changesQuery(filters));
  const list = q.data?.pages.flatMap((p) => p.changes) ?? [];
  const pick = (key: string) => (values: string[]) =>
    update((p) => {
      p.delete(key);
      values.forEach((v) => p.append(key, v));
    });
  const apiError = q.error instanceof ClientApiError ? q.error : null;
  return (
    <div className="space-y-4">
      <Panel className="flex flex-wrap items-end gap-3 p-3">
        <PickField
          label="Service"
          values={SERVICES}
          selected={service}
          onChange={pick("service")}
          allLabel="all services"
        />
        <PickField label="Region" values={regions} selected={region} onChange={pick("region")} allLabel="all regions" />
        <PickField label="Kind" values={CHANGE_KINDS} selected={kind} onChange={pick("kind")} allLabel="all kinds" />
        <div className="flex flex-wrap items-center gap-2">
          <RangeBar
            start={filters.from}
            end={filters.to}
            presets={["1h", "6h", "24h", "7d", "30d"]}
            onRange={(from, to) =>
              update((p) => {
                p.set("from", from);
                if (to) p.set("to", to);
                else p.delete("to");
              })
            }
          />
        </div>
      </Panel>
      {apiError && (
        <ErrorNotice title="Couldn't load changes" message={apiError.message} requestId={apiError.requestId} />
      )}
      <Panel>
        {q.isPending ? (
          <Skeleton rows={6} />
        ) : (
          <>
            <ChangeList changes={list} empty="No changes match in this window. Widen the window or clear a filter." />
            {q.hasNextPage && (
              <div className="border-t border-zinc-100 p-3 text-center dark:border-zinc-800">
                <Button variant="secondary" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
                  {q.isFetchingNextPage ? "Loading…" : "Older changes"}
                </Button>
              </div>
            )}
          </>
        )}
      </Panel>
    </div>
  );
}
