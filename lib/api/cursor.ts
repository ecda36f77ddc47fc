// Opaque pagination cursors: base64url of the position, rejected with a 400 when tampered with.
import { badRequest } from "./errors";

export function encodeCursor(position: string): string {
  return Buffer.from(`v1:${position}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined, field: string): string | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith("v1:") || text.length < 4) throw badRequest(field, "is not a cursor this API returned");
  return text.slice(3);
}
