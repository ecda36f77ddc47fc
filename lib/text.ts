// Text that came from outside, made storable: Postgres text and jsonb cannot hold NUL characters.

/** Replaces NUL with U+FFFD in every string of a JSON-like value, optionally capping string length. */
export function scrubNul<T>(value: T, maxLength = Infinity): T {
  if (typeof value === "string") return value.replace(/\u0000/g, "\uFFFD").slice(0, maxLength) as T;
  if (Array.isArray(value)) return value.map((v) => scrubNul(v, maxLength)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubNul(k, maxLength), scrubNul(v, maxLength)])) as T;
  }
  return value;
}
