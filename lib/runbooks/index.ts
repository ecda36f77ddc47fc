// The platform's runbooks: Markdown files in docs/runbooks, read by slug.
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { parseRunbook, type Block } from "./markdown";

const DIR = () => path.join(process.cwd(), "docs/runbooks");
const SLUG = /^[a-z0-9-]+$/;

export interface Runbook {
  slug: string;
  title: string;
  blocks: Block[];
}

/** The runbook named `slug`, or null when there is none. */
export async function loadRunbook(slug: string): Promise<Runbook | null> {
  if (!SLUG.test(slug)) return null;
  const text = await fs.readFile(path.join(DIR(), `${slug}.md`), "utf8").catch(() => null);
  if (text === null) return null;
  const blocks = parseRunbook(text);
  const title = blocks.find((b) => b.kind === "title");
  return { slug, title: title?.kind === "title" ? title.text : slug, blocks };
}
