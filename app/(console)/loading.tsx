import { Panel, Skeleton } from "@/components/ui/page";

export default function Loading() {
  return (
    <Panel>
      <Skeleton rows={6} />
    </Panel>
  );
}
