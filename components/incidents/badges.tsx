import { Badge, type Tone } from "@/components/ui/badge";

const SEV_TONE: Record<string, Tone> = { sev0: "bad", sev1: "bad", sev2: "warn", sev3: "neutral" };
const STATUS_TONE: Record<string, Tone> = {
  investigating: "bad",
  identified: "warn",
  mitigated: "info",
  resolved: "good",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEV_TONE[severity] ?? "neutral"}>{severity.toUpperCase()}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}
