// The one rule for text entering the database: Postgres text and jsonb cannot hold NUL characters or
// unpaired UTF-16 surrogates (`\ud800` is valid JavaScript and valid JSON, but not UTF-8). Structured
// input that holds one is refused at the edge, naming the field (`unstorableAt`); log lines, which carry
// whatever a program printed, keep it visible as U+FFFD instead (`storable`), as Go's encoding/json does.
// Browser-safe.

const NUL = /\u0000/g;

/** Whether a string can be stored as it is. */
export const isStorable = (s: string): boolean => s.isWellFormed() && !s.includes("\u0000");

/** `s` made storable: NUL and unpaired surrogates become U+FFFD; cut to `max` UTF-16 units without splitting a pair. */
export function storableText(s: string, max = Infinity): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  return isStorable(cut) ? cut : cut.replace(NUL, "\uFFFD").toWellFormed();
}

/** Every string of a JSON-like value (keys too) made storable, optionally capping string length: the same shape back. */
export function storable<T>(value: T, maxLength?: number): T;
export function storable(value: unknown, maxLength = Infinity): unknown {
  if (typeof value === "string") return storableText(value, maxLength);
  if (Array.isArray(value)) return value.map((v) => storable(v, maxLength));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storableText(k, maxLength), storable(v, maxLength)]),
    );
  }
  return value;
}

/** Whether every string (and key) of a JSON-like value can be stored as it is: unstorableAt's answer without its paths. */
export function allStorable(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (!isStorable(v)) return false;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === "object") {
      for (const k in v) {
        if (!isStorable(k)) return false;
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return true;
}

/**
 * The path of the first string (or key) that cannot be stored, like `body.labels.team`, or null.
 * Iterative, so any depth is fine.
 */
export function unstorableAt(value: unknown, path: string): string | null {
  const stack: [unknown, string][] = [[value, path]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [v, p] = next;
    if (typeof v === "string") {
      if (!isStorable(v)) return p;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, `${p}.${i}`]));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (!isStorable(k)) return `${p}.${storableText(k)}`;
        stack.push([x, `${p}.${k}`]);
      }
    }
  }
  return null;
}

export const UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** A path segment as the page was asked for it: decoded once, as given when it does not decode. */
export function segment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
