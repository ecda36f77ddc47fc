// Secrets taken out of log lines before anything stores or publishes them: the observability standard
// says "no raw secrets ever" in logs, and a line is read by every reader of its org (platform lines by
// every operator). Each match is replaced by what it was — `[REDACTED:aws_access_key]` — so a reader
// knows something was there. Messages and attribute values are redacted; an attribute whose name says it
// holds a secret (`db.password`, `http.request.header.authorization`) loses its whole value. Extra
// patterns come from LOG_REDACT_PATTERNS. Pure: the ingest calls it and counts what it removed.
import { errorMessage } from "@/lib/http/errors";

export interface RedactPattern {
  name: string;
  pattern: RegExp;
}

interface Rule {
  name: string;
  re: RegExp;
  /** The replacement for one match (its groups as String.replace gives them: undefined where one did not take part). */
  to(match: string, ...groups: (string | undefined)[]): string;
}

const mark = (name: string) => `[REDACTED:${name}]`;
/** A value that is already a mark is not redacted again. */
const NOT_MARKED = "(?!\\[REDACTED:)";

/** Words that name a secret, and what a value under them is called. */
const SECRET_WORDS: [RegExp, string][] = [
  [/passw(or)?d/i, "password"],
  [/secret/i, "secret"],
  [/api[_-]?key|apikey/i, "api_key"],
  [/private[_-]?key/i, "private_key"],
  [/access[_-]?key/i, "access_key"],
  [/credentials?/i, "credentials"],
  [/token/i, "token"],
];
const SECRET_WORD = "passw(?:or)?d|secret|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credentials?|token";
const classOf = (key: string) => SECRET_WORDS.find(([re]) => re.test(key))?.[1] ?? "secret";

/** `user:password` in Basic credentials: only a value that decodes to printable text with a colon is one. */
function isBasicCredential(b64: string): boolean {
  const text = Buffer.from(b64, "base64").toString("latin1");
  return text.includes(":") && /^[\x20-\x7e]+$/.test(text);
}

const RULES: Rule[] = [
  {
    name: "private_key",
    // A PEM block, or its start when the line was cut.
    re: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    to: () => mark("private_key"),
  },
  { name: "jwt", re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g, to: () => mark("jwt") },
  { name: "console_token", re: /\bopc_[A-Za-z0-9_-]{32,}/g, to: () => mark("console_token") },
  {
    name: "aws_access_key",
    re: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[0-9A-Z]{16}\b/g,
    to: () => mark("aws_access_key"),
  },
  { name: "gcp_api_key", re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, to: () => mark("gcp_api_key") },
  { name: "gcp_oauth_token", re: /\bya29\.[0-9A-Za-z_-]{20,}/g, to: () => mark("gcp_oauth_token") },
  {
    name: "bearer_token",
    re: new RegExp(`\\b(Bearer)\\s+${NOT_MARKED}([A-Za-z0-9._~+/-]{8,}=*)`, "gi"),
    to: (_m, word) => `${word} ${mark("bearer_token")}`,
  },
  {
    name: "basic_auth",
    re: /\b(Basic)\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi,
    to: (m, word, b64) => (b64 !== undefined && isBasicCredential(b64) ? `${word} ${mark("basic_auth")}` : m),
  },
  {
    name: "url_password",
    re: new RegExp(`\\b([a-z][a-z0-9+.-]{1,20}://[^\\s:/?#@"'<>]*):${NOT_MARKED}([^\\s@/?#"'<>]+)@`, "gi"),
    to: (_m, userinfo) => `${userinfo}:${mark("url_password")}@`,
  },
  {
    // password=…, "secret": "…", api_key: …, X-Api-Key: … — the name kept, the value removed (quoted values whole).
    name: "key_value",
    re: new RegExp(
      `(["']?)\\b([A-Za-z0-9_.-]*?(?:${SECRET_WORD}))\\1(\\s*[=:]\\s*)(?:"${NOT_MARKED}([^"\\n]*)"|'${NOT_MARKED}([^'\\n]*)'|${NOT_MARKED}([^\\s"'&,;}]+))`,
      "gi",
    ),
    to: (m, q, key, sep, dq, sq, bare) => {
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : "";
      if ((dq ?? sq ?? bare ?? "") === "") return m;
      return `${q}${key}${q}${sep}${quote}${mark(classOf(key ?? ""))}${quote}`;
    },
  },
];

/** Anything any rule could match starts with one of these: a line without any is left alone at once. */
const TRIGGER = new RegExp(`BEGIN|eyJ|opc_|A[KSBC][IC]A|AROA|AIDA|AIza|ya29\\.|bearer|basic|://|${SECRET_WORD}`, "i");

/** An attribute whose name says it holds a secret. */
const SECRET_KEY = new RegExp(`(?:^|[._-])(?:${SECRET_WORD}|authorization|cookie)$`, "i");

export type Counts = Map<string, number>;

function bump(counts: Counts, name: string, n = 1) {
  counts.set(name, (counts.get(name) ?? 0) + n);
}

/** `text` with every secret replaced, counting each by the name it was replaced as. */
export function redactText(text: string, counts: Counts, extra: readonly RedactPattern[] = []): string {
  let out = text;
  if (TRIGGER.test(text)) {
    for (const rule of RULES) {
      rule.re.lastIndex = 0;
      if (!rule.re.test(out)) continue;
      rule.re.lastIndex = 0;
      out = out.replace(rule.re, (m: string, ...args: unknown[]) => {
        // After the groups come the match's offset and the whole text.
        const groups = args.slice(0, -2).map((g) => (typeof g === "string" ? g : undefined));
        const replaced = rule.to(m, ...groups);
        if (replaced !== m) bump(counts, rule.name === "key_value" ? classOf(groups[1] ?? "") : rule.name);
        return replaced;
      });
    }
  }
  for (const p of extra) {
    p.pattern.lastIndex = 0;
    out = out.replace(p.pattern, () => {
      bump(counts, p.name);
      return mark(p.name);
    });
  }
  return out;
}

/** Attribute values redacted, depth first; a value under a secret's name is removed whole. */
export function redactValue(value: unknown, counts: Counts, extra: readonly RedactPattern[] = [], key = ""): unknown {
  if (typeof value === "string") {
    if (key && SECRET_KEY.test(key) && value !== "" && !value.startsWith("[REDACTED:")) {
      const name = /authorization/i.test(key) ? "authorization" : /cookie/i.test(key) ? "cookie" : classOf(key);
      bump(counts, name);
      return mark(name);
    }
    return redactText(value, counts, extra);
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, counts, extra, key));
  if (value && typeof value === "object") return redactAttrs(value, counts, extra);
  return value;
}

/** An object's values redacted, each under its own name. */
function redactAttrs(value: object, counts: Counts, extra: readonly RedactPattern[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, counts, extra, k);
  return out;
}

/** A line's message and attributes redacted in place; `counts` gains what was removed. */
export function redactLine<E extends { message: string; attrs?: Record<string, unknown> | null }>(
  e: E,
  counts: Counts,
  extra: readonly RedactPattern[] = [],
): E {
  e.message = redactText(e.message, counts, extra);
  if (e.attrs) e.attrs = redactAttrs(e.attrs, counts, extra);
  return e;
}

/** LOG_REDACT_PATTERNS: a JSON list of {name, pattern}, checked at start; problems in words. */
export function parseRedactPatterns(text: string): { patterns: RedactPattern[]; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      patterns: [],
      problems: ['must be JSON, e.g. [{"name":"ssn","pattern":"\\\\b\\\\d{3}-\\\\d{2}-\\\\d{4}\\\\b"}]'],
    };
  }
  if (!Array.isArray(parsed) || parsed.length > 50)
    return { patterns: [], problems: ["must be a list of at most 50 {name, pattern} objects"] };
  const patterns: RedactPattern[] = [];
  const problems: string[] = [];
  parsed.forEach((p: unknown, i) => {
    const o: { name?: unknown; pattern?: unknown } =
      typeof p === "object" && p !== null ? { name: Reflect.get(p, "name"), pattern: Reflect.get(p, "pattern") } : {};
    if (typeof o.name !== "string" || !/^[a-z][a-z0-9_]{0,39}$/.test(o.name))
      return problems.push(`[${i}].name must be a lowercase name like internal_key`);
    if (typeof o.pattern !== "string" || o.pattern === "" || o.pattern.length > 500)
      return problems.push(`[${i}].pattern must be a regular expression of at most 500 characters`);
    try {
      patterns.push({ name: o.name, pattern: new RegExp(o.pattern, "g") });
    } catch (e) {
      problems.push(`[${i}].pattern is not a regular expression: ${errorMessage(e)}`);
    }
  });
  return { patterns, problems };
}
