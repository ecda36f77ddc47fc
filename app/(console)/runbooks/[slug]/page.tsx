import fs from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/server";
import { holds } from "@/lib/auth/permissions";
import { Forbidden, Panel } from "@/components/ui/page";

export const metadata: Metadata = { title: "Runbook" };

/** Runbooks are markdown in docs/runbooks; headings, lists, bold and code are enough for them. */
function inline(text: string): React.ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((part, i) =>
    part.startsWith("**") ? <strong key={i}>{part.slice(2, -2)}</strong> : part.startsWith("`") ? <code key={i} className="rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800">{part.slice(1, -1)}</code> : part,
  );
}

export default async function RunbookPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requireActor();
  // The platform's runbooks are for the people who run it.
  if (!holds(actor.grants, "dashboards:read")) return <Forbidden what="Runbooks are for operators and admins." />;
  const { slug } = await params;
  if (!/^[a-z0-9-]+$/.test(slug)) notFound();
  const text = await fs.readFile(path.join(process.cwd(), "docs/runbooks", `${slug}.md`), "utf8").catch(() => null);
  if (text === null) notFound();
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <Panel className="mx-auto max-w-3xl p-6">
      <article className="space-y-3 text-sm leading-relaxed">
        {blocks.map((b, i) => {
          if (b.startsWith("# ")) return <h1 key={i} className="text-xl font-semibold">{b.slice(2)}</h1>;
          if (b.startsWith("## ")) {
            const [head, ...rest] = b.split("\n");
            return (
              <section key={i}>
                <h2 className="mt-4 font-medium">{head!.slice(3)}</h2>
                {rest.length > 0 && <ul className="mt-1 list-disc space-y-1 pl-5">{rest.map((l, j) => <li key={j}>{inline(l.replace(/^- /, ""))}</li>)}</ul>}
              </section>
            );
          }
          if (b.startsWith("- ")) return <ul key={i} className="list-disc space-y-1 pl-5">{b.split("\n").map((l, j) => <li key={j}>{inline(l.replace(/^- /, ""))}</li>)}</ul>;
          return <p key={i}>{inline(b)}</p>;
        })}
      </article>
    </Panel>
  );
}
