// A call's input as an endpoint's zod schemas take it: path parameters, query and JSON body, each refused
// field named (fields a schema does not name included), in the one validation error shape.
import "server-only";
import { z } from "zod";
import { ApiError, type FieldIssue } from "@/lib/http/errors";
import { parseJson, readBytes } from "@/lib/http/body";
import { scanJson, type Shape } from "@/lib/http/scan";
import { unknownFields } from "@/lib/http/unknown-fields";
import { UNSTORABLE_MESSAGE, unstorableAt } from "@/lib/text";

function fieldError(fields: FieldIssue[], where: string): ApiError {
  const summary = fields
    .slice(0, 3)
    .map((f) => `${f.field}: ${f.message}`)
    .join("; ");
  return new ApiError(
    "validation_failed",
    `Invalid ${where}: ${summary}${fields.length > 3 ? ` (and ${fields.length - 3} more)` : ""}`,
    {
      details: { fields },
    },
  );
}

function zodIssues(error: z.ZodError, where: string): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

const NOTHING = z.strictObject({});

/** One part of a call's input through its schema; a part without a schema takes nothing. */
export function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  const bad = unstorableAt(value, where);
  if (bad) throw fieldError([{ field: bad, message: UNSTORABLE_MESSAGE }], where);
  if (!schema) {
    // An endpoint that takes no query (or no body) refuses any: a field sent is a field that would be ignored.
    const extra = unknownFields(NOTHING, value, where);
    if (extra.length) throw fieldError(extra, where);
    return undefined;
  }
  const unknown = unknownFields(schema, value, where);
  const result = schema.safeParse(value);
  const issues = [...unknown, ...(result.success ? [] : zodIssues(result.error, where))];
  if (issues.length) throw fieldError(issues, where);
  return result.data;
}

/** A URL's query as an object: a parameter given once is a string, a repeated one an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    const [only, ...more] = all;
    out[key] = only !== undefined && more.length === 0 ? only : all;
  }
  return out;
}

const JSON_TYPE = /^application\/(.+\+)?json\s*(;.*)?$/i;

/** The request's JSON body, at most `max` bytes, its counts checked before it is parsed; an empty body reads as `{}`. */
export async function readJson(req: Request, max: number, shape?: Shape): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !JSON_TYPE.test(type.trim()))
    throw new ApiError("unsupported_media_type", "Send the body as application/json.");
  const text = new TextDecoder().decode(await readBytes(req, max));
  if (text.trim() === "") return {};
  if (shape) scanJson(text, shape);
  return parseJson(text, "body");
}

/** An endpoint without a body schema takes none: an empty body or `{}` only. */
export async function noBody(req: Request): Promise<undefined> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return undefined;
  const text = new TextDecoder().decode(await readBytes(req, 64 * 1024)).trim();
  if (text === "") return undefined;
  const value = parseJson(text, "body");
  if (value && typeof value === "object" && !Array.isArray(value)) {
    parseInput(undefined, value, "body"); // names each field sent
    return undefined;
  }
  throw fieldError([{ field: "body", message: "this endpoint takes no body" }], "body");
}
