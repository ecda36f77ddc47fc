// The platform's runbooks: Markdown files in docs/runbooks, read by slug.
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { ApiError } from "@/lib/http/errors";
import { parseRunbook, type Block } from "./markdown";
import { consoleRunbookSlug, runbookProblems } from "./standard";

const DIR = () => path.join(process.cwd(), "docs/runbooks");
const SLUG = /^[a-z0-9-]+$/;

export interface Runbook {
  slug: string;
  title: string;
  markdown: string;
  blocks: Block[];
  /** The sections of the standard it lacks (./standard); empty when it meets it. */
  problems: string[];
}

/** The runbook named `slug`, or null when there is none. */
export async function loadRunbook(slug: string): Promise<Runbook | null> {
  if (!SLUG.test(slug)) return null;
  const text = await fs.readFile(path.join(DIR(), `${slug}.md`), "utf8").catch(() => null);
  if (text === null) return null;
  const blocks = parseRunbook(text);
  const title = blocks.find((b) => b.kind === "title");
  return {
    slug,
    title: title?.kind === "title" ? title.text : slug,
    markdown: text,
    blocks,
    problems: runbookProblems(blocks),
  };
}

/** Every runbook, by title, with what it lacks of the standard (the composer offers them; the API lists them). */
export async function listRunbooks(): Promise<{ slug: string; title: string; url: string; problems: string[] }[]> {
  const files = await fs.readdir(DIR()).catch((): string[] => []);
  const list = await Promise.all(files.filter((f) => f.endsWith(".md")).map((f) => loadRunbook(f.slice(0, -3))));
  return list
    .filter((r): r is Runbook => r !== null)
    .map((r) => ({ slug: r.slug, title: r.title, url: `/runbooks/${r.slug}`, problems: r.problems }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * Why a page's runbook link cannot carry a page, if it cannot: it names one of the console's own
 * runbooks that does not exist or does not meet the standard. A runbook hosted elsewhere cannot be read
 * here, so its link counts.
 */
export async function runbookLinkProblem(url: string, consoleOrigin?: string): Promise<string | null> {
  const slug = consoleRunbookSlug(url, consoleOrigin || undefined);
  if (!slug) return null;
  const runbook = await loadRunbook(slug);
  if (!runbook) return `its runbook '${slug}' does not exist`;
  return runbook.problems.length ? `its runbook '${slug}' lacks ${runbook.problems.join(", ")}` : null;
}

/** One runbook for the API; 404 when there is none. */
export async function getRunbook(slug: string) {
  const r = await loadRunbook(slug);
  if (!r) throw new ApiError("not_found", `No runbook '${slug}'.`);
  return {
    runbook: { slug: r.slug, title: r.title, url: `/runbooks/${r.slug}`, problems: r.problems, markdown: r.markdown },
  };
}
