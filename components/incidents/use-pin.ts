"use client";

// Pinning evidence to an incident's timeline: an evidence entry carrying the link and its exact window.
// What is pinned is read from the timeline itself (an evidence entry with that link), so a pinned item
// still shows as pinned after a reload, on another page, or when someone else pinned it.
import { useQuery } from "@tanstack/react-query";
import { timelineQuery, useIncidentMutations } from "@/lib/client/queries/incidents";

export function usePin(incidentId: string) {
  const { append } = useIncidentMutations(incidentId);
  const timeline = useQuery({ ...timelineQuery(incidentId), enabled: incidentId !== "" });
  const pinnedUrls = new Set(
    (timeline.data?.entries ?? []).flatMap((e) =>
      e.kind === "evidence" && typeof e.data.url === "string" ? [e.data.url] : [],
    ),
  );
  const pin = (body: string, url: string, label: string) =>
    append.mutate({ kind: "evidence", body, data: { url, label } });
  return {
    pin,
    isPinned: (url: string) => pinnedUrls.has(url),
    error: append.error,
    pending: append.isPending || timeline.isPending,
  };
}
