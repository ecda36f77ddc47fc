import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { findDashboard } from "@/lib/metrics/dashboards";
import { Forbidden, PageHeader } from "@/components/ui/page";
import { DashboardView } from "@/components/dashboards/dashboard-view";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: findDashboard((await params).slug)?.title ?? "Dashboard" };
}

export default async function DashboardPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requireActor();
  if (!holds(actor.grants, "dashboards:read")) return <Forbidden what="Platform dashboards are for operators." />;
  const d = findDashboard((await params).slug);
  if (!d) notFound();
  const panels = d.panels.map(({ id, title, description, unit, kind }) => ({ id, title, description, unit, kind }));
  return (
    <>
      <PageHeader
        title={d.title}
        description={
          <>
            {d.description}{" "}
            <Link href="/dashboards" className="text-indigo-600 hover:underline dark:text-indigo-400">
              All dashboards
            </Link>
          </>
        }
      />
      <Suspense>
        <DashboardView slug={d.slug} panels={panels} />
      </Suspense>
    </>
  );
}
