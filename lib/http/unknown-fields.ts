// Unknown fields in a request: names the schema does not have, found by walking the schema beside the
// value. A client that sends `at` for `occurred_at` learns so from a 400 instead of having its field
// silently dropped. Objects declared loose (z.looseObject, for formats other programs produce) and
// records accept any key. Browser-safe: zod only.
import type { z } from "zod";
import type { FieldIssue } from "./errors";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

/** A schema's definition, read by its fields' names (zod types the definition per schema kind). */
const defOf = (s: z.ZodType): Def => s._zod.def as Def;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The closest known name, when one is close enough to be what the client meant. */
function suggest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  const scored = known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(
      ({ k, d }) =>
        d <= Math.max(1, Math.floor(k.length / 3)) ||
        k.toLowerCase().endsWith(`_${lower}`) ||
        k.toLowerCase().startsWith(`${lower}_`),
    )
    .sort((a, b) => a.d - b.d);
  return scored[0]?.k;
}

/** Levenshtein distance, one row of the table at a time. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  let last = b.length;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = i - 1;
    let left = i;
    row = row.map((up, j) => {
      if (j === 0) return i;
      const d = Math.min(up + 1, left + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = up;
      left = d;
      return d;
    });
    last = left;
  }
  return last;
}

function walk(schema: z.ZodType, value: unknown, path: string, out: FieldIssue[], depth: number): void {
  if (depth > 64) return;
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      if (!isPlainObject(value)) return;
      const shape = def.shape ?? {};
      const strict = !def.catchall || defOf(def.catchall).type === "never";
      const known = Object.keys(shape);
      for (const [key, v] of Object.entries(value)) {
        const child = shape[key];
        if (child) walk(child, v, path ? `${path}.${key}` : key, out, depth + 1);
        else if (strict) {
          const hint = suggest(key, known);
          out.push({
            field: path ? `${path}.${key}` : key,
            message: `is not a known field${hint ? ` (did you mean '${hint}'?)` : ""}`,
          });
        }
      }
      return;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      if (def.innerType) walk(def.innerType, value, path, out, depth + 1);
      return;
    case "pipe": {
      // A preprocess (transform → schema) changes the value first; the output side still names the fields.
      const from = def.in && defOf(def.in).type !== "transform" ? def.in : def.out;
      if (from) walk(from, value, path, out, depth + 1);
      return;
    }
    case "array": {
      const element = def.element;
      if (Array.isArray(value) && element) value.forEach((v, i) => walk(element, v, `${path}.${i}`, out, depth + 1));
      return;
    }
    case "union": {
      // The option that fits best: the fewest unknown fields.
      let best: FieldIssue[] | null = null;
      for (const option of def.options ?? []) {
        const found: FieldIssue[] = [];
        walk(option, value, path, found, depth + 1);
        if (!best || found.length < best.length) best = found;
        if (!found.length) break;
      }
      if (best) out.push(...best);
      return;
    }
    case "lazy":
      if (def.getter) walk(def.getter(), value, path, out, depth + 1);
      return;
    default:
      return;
  }
}

/** Every field in `value` that `schema` does not name, as 400 field issues under `where` ("body", "query"). */
export function unknownFields(schema: z.ZodType, value: unknown, where: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  walk(schema, value, where, out, 0);
  return out;
}
