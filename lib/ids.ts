// Opaque ids: a short type prefix and 16 random bytes in base32-ish lowercase.
import { randomBytes } from "node:crypto";

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x").toLowerCase()}`;
}
