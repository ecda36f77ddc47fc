"use client";

// The platform's logs: the one explorer over the platform source, with ids that follow a request across
// the platform and, for a viewer who reads traces, open a line's trace.
import { platformLogSource } from "@/lib/client/queries/logs";
import { LogExplorer } from "./log-explorer";

export function PlatformLogView({ traces }: { traces: boolean }) {
  return <LogExplorer source={platformLogSource} correlate traces={traces} />;
}
