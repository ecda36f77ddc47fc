// Request bodies read with their size counted as the bytes arrive: reading stops at the limit, so an
// oversized body costs the limit, never its own size. JSON is checked for depth before it is parsed.
import { ApiError, badRequest, errorMessage } from "./errors";

export const MAX_JSON_DEPTH = 64;

function tooLarge(max: number): ApiError {
  return new ApiError("payload_too_large", `The body is larger than the ${max} byte limit.`);
}

/** The body's bytes, at most `max` of them (413 past that, also when Content-Length says so up front). */
export async function readBytes(req: Request, max: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && (!/^\d{1,15}$/.test(declared.trim()) || Number(declared) > max)) {
    if (/^\d{1,15}$/.test(declared.trim())) throw tooLarge(max);
    throw new ApiError("bad_request", "Content-Length must be a number of bytes.");
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge(max);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const [first] = chunks;
  if (chunks.length === 1 && first) return first;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

export async function readText(req: Request, max: number): Promise<string> {
  return decoder.decode(await readBytes(req, max));
}

/** How deeply arrays and objects nest in a JSON text (strings skipped), without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** JSON.parse with a depth limit and the one error shape; `field` names the body (or the line) in the 400. */
export function parseJson(text: string, field = "body", maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text) > maxDepth) throw badRequest(field, `nests arrays and objects deeper than ${maxDepth} levels`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError("invalid_json", `The ${field} is not valid JSON: ${errorMessage(e)}`, {
      details: { fields: [{ field, message: "is not valid JSON" }] },
    });
  }
}
