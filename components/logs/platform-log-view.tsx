"use client";

// The platform's logs: the one explorer over the platform source, with ids that follow a request across
// the platform.
import { platformLogSource } from "@/lib/client/queries/logs";
import { LogExplorer } from "./log-explorer";

export function PlatformLogView() {
  return <LogExplorer source={platformLogSource} correlate />;
}
