// The layers hold, checked on every import (type imports included): the bottom floors — the shared
// vocabulary and playbook, text and ids, the database, the environment, HTTP and the console's own metrics —
// import nothing above them, and no module reaches itself through its imports. A failure names the import.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["lib", "components", "app"];

/** The bottom floors: a file here imports only other bottom-floor files (and packages). */
const BOTTOM = [/^lib\/(db|http|telemetry)\//, /^lib\/(env|vocabulary|playbook|text|ids|random|redact)\.ts$/];
const isBottom = (file: string) => BOTTOM.some((re) => re.test(file));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/** A specifier as a file of the tree, or null for a package. */
function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  if (fs.existsSync(path.join(ROOT, base)) && fs.statSync(path.join(ROOT, base)).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(path.join(ROOT, base + ext))) return base + ext;
  return null;
}

/** Every static import and re-export of a file (type-only ones included), with its line. */
function importsOf(file: string): { to: string; line: number; spec: string }[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    false,
    file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: { to: string; line: number; spec: string }[] = [];
  for (const st of sf.statements) {
    const spec =
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
        ? st.moduleSpecifier.text
        : null;
    if (!spec) continue;
    const to = resolve(file, spec);
    if (to) out.push({ to, spec, line: sf.getLineAndCharacterOfPosition(st.getStart(sf)).line + 1 });
  }
  return out;
}

const files = SOURCE_DIRS.flatMap(sourceFiles);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The cycles of the import graph: its strongly connected components of more than one file (or a self-import). */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!graph.has(to)) continue;
      if (!idx.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v)!, idx.get(to)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).some((i) => i.to === v)) found.push(scc.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return found;
}

/** One way around a cycle, as "a → b → a", starting from its first file. */
function loop(scc: string[]): string {
  const members = new Set(scc);
  const start = scc[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const { to } of graph.get(v) ?? []) {
      if (to === start) {
        const path = [start];
        for (let w: string | undefined = v; w && w !== start; w = prev.get(w)) path.splice(1, 0, w);
        return [...path, start].join(" → ");
      }
      if (members.has(to) && !prev.has(to)) {
        prev.set(to, v);
        queue.push(to);
      }
    }
  }
  return scc.join(", ");
}

describe("the layers", () => {
  it("reads the whole tree", () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files).toContain("lib/db/schema.ts");
  });

  it("lets no bottom floor (db, env, http, the vocabulary) import a domain", () => {
    const upward = files.filter(isBottom).flatMap((f) =>
      graph
        .get(f)!
        .filter((i) => !isBottom(i.to))
        .map((i) => `${f}:${i.line} imports ${i.spec} (${i.to})`),
    );
    expect(upward).toEqual([]);
  });

  it("has no import cycle, type imports included", () => {
    expect(cycles().map(loop)).toEqual([]);
  });
});
