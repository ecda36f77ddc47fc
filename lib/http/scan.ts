// Limits before work: a body's shape is counted before it is decoded into objects. A compressed body of a
// few kilobytes may inflate into millions of empty records or attributes; decoding them first would cost
// seconds and gigabytes before any cap could be checked. These scans walk the bytes (protobuf's wire
// format) or the text (JSON) once, allocate nothing per element, and stop at the first cap passed: a bomb
// costs the scan up to its cap, never its own size. What survives the scan is small enough to decode.
import { ApiError } from "@/lib/http/errors";

/** Caps on what one part of a body may hold, by the name of the member (JSON) or field (protobuf) that holds it. */
export interface Cap {
  /** At most this many in the whole body (413 past it). */
  total?: number;
  /** At most this many in any one parent (400 naming the parent). */
  each?: number;
  /** What they are, in the error: "log records", "attributes". */
  what: string;
}

export interface Shape {
  /** Arrays (JSON) or repeated fields (protobuf), by name, and their caps. */
  counts: Record<string, Cap>;
  /** Every array element and object member (JSON) or nested message (protobuf), anywhere. */
  maxItems: number;
  maxDepth: number;
}

const tooMany = (cap: Cap, n: number) =>
  new ApiError(
    "payload_too_large",
    `The body holds more than ${cap.total} ${cap.what} (counted ${n} before stopping); send smaller batches.`,
  );
const tooManyIn = (cap: Cap, where: string) =>
  new ApiError("validation_failed", `${where}: holds more than ${cap.each} ${cap.what}`, {
    details: { fields: [{ field: where, message: `holds more than ${cap.each} ${cap.what}` }] },
  });
const tooDeep = (max: number) =>
  new ApiError("validation_failed", `body: nests deeper than ${max} levels`, {
    details: { fields: [{ field: "body", message: `nests deeper than ${max} levels` }] },
  });
const tooManyItems = (max: number) =>
  new ApiError("payload_too_large", `The body holds more than ${max} values; send smaller batches.`);

/** Counts per name across the body, and the per-parent check. */
class Counter {
  private totals = new Map<string, number>();
  private items = 0;
  constructor(private shape: Shape) {}

  item() {
    if (++this.items > this.shape.maxItems) throw tooManyItems(this.shape.maxItems);
  }

  /** One more element named `name`; `inParent` is how many its parent now holds; `where` names the parent. */
  count(name: string, inParent: number, where: () => string) {
    const cap = this.shape.counts[name];
    if (!cap) return;
    if (cap.each !== undefined && inParent > cap.each) throw tooManyIn(cap, where());
    if (cap.total !== undefined) {
      const n = (this.totals.get(name) ?? 0) + 1;
      this.totals.set(name, n);
      if (n > cap.total) throw tooMany(cap, n);
    }
  }
}

// ---------------------------------------------------------------------------------------------- JSON

interface JsonFrame {
  array: boolean;
  /** The member name that holds this container, or null (an array element, the top). */
  key: string | null;
  /** Elements (arrays) or members (objects) so far. */
  n: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** The name the outermost array or object is counted by. */
export const ROOT = "$";
const MAX_KEY_TEXT = 128;

/**
 * Scans a JSON text: depth, every value counted, and arrays and objects named in `shape.counts` counted by
 * the member that holds them (`"logRecords": [...]` counts log records; `"stream": {...}` counts its
 * members). Malformed text is left to the parser that follows; this only refuses what is too big.
 */
export function scanJson(text: string, shape: Shape): void {
  const c = new Counter(shape);
  const stack: JsonFrame[] = [];
  let key: string | null = null;
  let expectKey = false;
  const path = () =>
    stack
      .slice(1)
      .map((f, i) => {
        const parent = stack[i];
        return parent?.array ? `[${parent.n - 1}]` : `${i ? "." : ""}${f.key ?? ""}`;
      })
      .join("");
  const startValue = () => {
    c.item();
    const top = stack[stack.length - 1];
    if (top?.array) {
      top.n++;
      const holder = top.key;
      if (holder !== null) c.count(holder, top.n, () => path() || holder);
    }
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (WS.has(ch) || ch === 0x2c /* , */ || ch === 0x3a /* : */) {
      i++;
      continue;
    }
    if (ch === 0x22 /* " */) {
      // A string: find its closing quote (one not escaped by an odd run of backslashes).
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return; // unterminated: the parser says so
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && expectKey) {
        // A member name. Escapes could spell a counted name (\u006cogRecords), so short names are decoded.
        const raw = text.slice(i + 1, end);
        key = raw.length > MAX_KEY_TEXT ? null : raw.includes("\\") ? decodeKey(raw) : raw;
        expectKey = false;
        top.n++;
        c.item();
        const holder = top.key;
        if (holder !== null) c.count(holder, top.n, () => path() || holder);
      } else {
        startValue();
        key = null;
        if (top && !top.array) expectKey = true;
      }
      i = end + 1;
      continue;
    }
    if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      const top = stack[stack.length - 1];
      startValue();
      stack.push({ array: ch === 0x5b, key: top ? (top.array ? null : key) : ROOT, n: 0 });
      if (stack.length > shape.maxDepth) throw tooDeep(shape.maxDepth);
      expectKey = ch === 0x7b;
      key = null;
      i++;
      continue;
    }
    if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
      const top = stack[stack.length - 1];
      expectKey = false;
      i++;
      // After a member's value, the next string in an object is a name again.
      if (top && !top.array) expectKey = true;
      continue;
    }
    // A number, true, false or null: one value up to the next structural character.
    startValue();
    while (i < n) {
      const x = text.charCodeAt(i);
      if (x === 0x2c || x === 0x7d || x === 0x5d || WS.has(x)) break;
      i++;
    }
    const top = stack[stack.length - 1];
    if (top && !top.array) expectKey = true;
  }
}

function decodeKey(raw: string): string | null {
  try {
    const decoded: unknown = JSON.parse(`"${raw}"`);
    return typeof decoded === "string" ? decoded : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------ protobuf

/** A message's nested message fields: field number → the message type and the name it is counted by. */
export type WireSchema = Record<string, Record<number, { type: string; name?: string }>>;

interface WireFrame {
  type: string;
  end: number;
  /** Elements so far of each counted field of this message. */
  n: Map<number, number>;
  /** Where this message sits, for errors: its field's name and index. */
  at: string;
}

const malformed = (what: string, why: string) =>
  new ApiError("bad_request", `The body is not ${what} (${why}).`, {
    details: { fields: [{ field: "body", message: `is not ${what}: ${why}` }] },
  });

/**
 * Walks protobuf bytes as `root` of `schema`: nested messages named in the schema are entered and counted
 * (`shape.counts` by name); every other field is skipped by its length. Throws on the first cap passed, and
 * on bytes that are not protobuf at all.
 */
export function scanProtobuf(
  bytes: Uint8Array,
  root: string,
  schema: WireSchema,
  shape: Shape,
  what = "valid protobuf",
): void {
  const c = new Counter(shape);
  const stack: WireFrame[] = [{ type: root, end: bytes.length, n: new Map(), at: "" }];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      const b = bytes[pos++];
      if (b === undefined) throw malformed(what, "a varint runs past the end");
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw malformed(what, "a varint is longer than 10 bytes");
  };
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    if (pos >= top.end) {
      if (pos > top.end) throw malformed(what, "a field runs past its message");
      stack.pop();
      continue;
    }
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) throw malformed(what, "field number 0");
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      const end = pos + len;
      if (end > top.end) throw malformed(what, "a length runs past its message");
      const nested = schema[top.type]?.[field];
      if (nested) {
        c.item();
        const k = (top.n.get(field) ?? 0) + 1;
        top.n.set(field, k);
        const name = nested.name ?? nested.type;
        const at = `${top.at}${top.at ? "." : ""}${name}[${k - 1}]`;
        c.count(name, k, () => top.at || "body");
        stack.push({ type: nested.type, end, n: new Map(), at });
        if (stack.length > shape.maxDepth) throw tooDeep(shape.maxDepth);
        continue;
      }
      pos = end;
    } else throw malformed(what, `wire type ${wire}`);
    if (pos > top.end) throw malformed(what, "a field runs past its message");
  }
}
