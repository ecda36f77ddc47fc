import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageAccess } from "@/lib/auth/server";
import { findDashboard } from "@/lib/metrics/dashboards";
import { getDashboard, metricsRegions } from "@/lib/metrics";
import { ApiError } from "@/lib/http/errors";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { DashboardView } from "@/components/dashboards/dashboard-view";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: findDashboard((await params).slug)?.title ?? "Dashboard" };
}

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const { denied } = await pageAccess("dashboards");
  if (denied) return <Forbidden what={denied} />;
  const d = findDashboard((await params).slug);
  if (!d) notFound();
  const panels = d.panels.map(({ id, title, description, unit, kind, more }) => ({
    id,
    title,
    description,
    unit,
    kind,
    more,
  }));
  // The first screen's data comes with the page (no second round trip after hydration); a range the API
  // refuses is left to the client, which shows the API's message.
  const sp = await searchParams;
  const range = { from: one(sp.from) ?? "6h", to: one(sp.to), region: one(sp.region) };
  const initial = await getDashboard(d.slug, range).catch((err) => {
    if (err instanceof ApiError) return undefined;
    throw err;
  });
  return (
    <>
      <PageHeader
        title={d.title}
        description={
          <>
            {d.description}{" "}
            <Link href="/dashboards" className="tap text-indigo-700 underline underline-offset-2 dark:text-indigo-400">
              All dashboards
            </Link>
          </>
        }
      />
      <DashboardView
        slug={d.slug}
        panels={panels}
        regions={metricsRegions()}
        initial={initial && range.region === (initial.region ?? undefined) ? { range, data: initial } : undefined}
      />
    </>
  );
}
