// Opaque pagination cursors: base64url of the position, rejected with a 400 when tampered with.
import { badRequest } from "./errors";

export function encodeCursor(position: string): string {
  return Buffer.from(`v1:${position}`, "utf8").toString("base64url");
}

/** The position a cursor holds; `shape` says what a genuine position looks like. */
export function decodeCursor(cursor: string | undefined, field: string, shape?: RegExp): string | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const position = text.slice(3);
  if (!text.startsWith("v1:") || !position || (shape && !shape.test(position)))
    throw badRequest(field, "is not a cursor this API returned");
  return position;
}

/** Offset paging, for short lists ordered by more than one column (incidents, alerts). */
export function encodeOffset(offset: number): string {
  return encodeCursor(`offset:${offset}`);
}

export function decodeOffset(cursor: string | undefined, field = "query.cursor"): number {
  const position = decodeCursor(cursor, field, /^offset:\d{1,9}$/);
  return position ? Number(position.slice(7)) : 0;
}
