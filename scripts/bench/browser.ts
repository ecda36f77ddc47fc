// Pages on a phone: Lighthouse 13's mobile preset (simulated slow 4G, 4× slower CPU) on every page of the
// console's navigation (and an incident's and a trace's), against a console already started (`npm start`), signed in as the demo IC except /status and /login.
// Prints performance, total blocking time, LCP, CLS and accessibility per page (the median of the runs).
//
//   npm run bench -- browser [runs=2] [page …]
//   BENCH_URL (http://127.0.0.1:3000), BENCH_EMAIL (ic@demo.local), BENCH_PASSWORD (demo),
//   LIGHTHOUSE (the lighthouse binary; default /tmp/lh/node_modules/.bin/lighthouse), CHROME_PATH (/usr/bin/chromium)
//
// Lighthouse is not a dependency of the console: install it apart, e.g.
//   mkdir -p /tmp/lh && cd /tmp/lh && npm i --no-save lighthouse@13
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PUBLIC = new Set(["/status", "/login"]);
const PAGES = [
  "/",
  "/incidents",
  "/incidents/:id",
  "/alerts",
  "/oncall",
  "/dashboards",
  "/dashboards/edge",
  "/platform/logs",
  "/platform/events",
  "/traces",
  "/traces/:id",
  "/correlate",
  "/insights",
  "/changes",
  "/maintenance",
  "/services",
  "/handoffs",
  "/orgs",
  "/audit",
  "/tokens",
];

type Row = { page: string; performance: number; tbt: number; lcp: number; cls: number; accessibility: number };

function lighthouseBin(): string {
  const bin = process.env.LIGHTHOUSE ?? "/tmp/lh/node_modules/.bin/lighthouse";
  if (fs.existsSync(bin)) return bin;
  console.error(
    `Lighthouse not found at ${bin}. It is not a dependency of the console; install it apart and point LIGHTHOUSE at it:\n` +
      `  mkdir -p /tmp/lh && cd /tmp/lh && npm i --no-save lighthouse@13\n` +
      `  LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse npm run bench -- browser`,
  );
  process.exit(1);
}

/** A session cookie for `email` through the credentials sign-in, as a browser gets one. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`could not sign in as ${email}`);
  return cookie();
}

/** The first incident's page, for /incidents/:id; the newest trace's, for /traces/:id. */
async function firstPath(base: string, cookie: string, api: string, list: string, key: string, page: string) {
  const res = await fetch(`${base}${api}`, { headers: { cookie } });
  const body = (await res.json()) as Record<string, Record<string, string>[] | undefined>;
  const id = body[list]?.[0]?.[key];
  if (!id) throw new Error(`nothing to open at ${page}: ${api} listed none`);
  return `${page}/${id}`;
}

function run(bin: string, url: string, cookie: string | null): Omit<Row, "page"> {
  const out = path.join(os.tmpdir(), `bench-lh-${process.pid}.json`);
  const args = [url, "--output=json", `--output-path=${out}`, "--quiet", "--only-categories=performance,accessibility"];
  args.push("--chrome-flags=--headless=new --no-sandbox");
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ cookie })}`);
  execFileSync(bin, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
  });
  const r = JSON.parse(fs.readFileSync(out, "utf8")) as {
    categories: Record<string, { score: number }>;
    audits: Record<string, { numericValue?: number }>;
  };
  fs.rmSync(out, { force: true });
  const n = (id: string) => r.audits[id]?.numericValue ?? NaN;
  return {
    performance: Math.round((r.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((r.categories.accessibility?.score ?? 0) * 100),
    tbt: n("total-blocking-time"),
    lcp: n("largest-contentful-paint"),
    cls: n("cumulative-layout-shift"),
  };
}

/** The middle run, or the mean of the middle two. */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

export default async function browserBench(args: string[]) {
  const bin = lighthouseBin();
  const runs = Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 2));
  const only = args.filter((a) => a.startsWith("/"));
  const base = (process.env.BENCH_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const cookie = await signIn(base, process.env.BENCH_EMAIL ?? "ic@demo.local", process.env.BENCH_PASSWORD ?? "demo");
  const ids: Record<string, string> = {
    "/incidents/:id": await firstPath(base, cookie, "/api/v1/incidents?limit=1", "incidents", "id", "/incidents"),
    "/traces/:id": await firstPath(base, cookie, "/api/v1/traces?limit=1", "traces", "trace_id", "/traces"),
  };
  const pages = (only.length ? only : [...PAGES, ...PUBLIC]).map((p) => ids[p] ?? p);
  console.log(`lighthouse ${execFileSync(bin, ["--version"]).toString().trim()}, mobile preset, ${runs} run(s) a page`);
  const rows: Row[] = [];
  for (const page of pages) {
    const each = Array.from({ length: runs }, () => run(bin, base + page, PUBLIC.has(page) ? null : cookie));
    const pick = (k: keyof Omit<Row, "page">) => median(each.map((e) => e[k]));
    rows.push({
      page,
      performance: pick("performance"),
      tbt: pick("tbt"),
      lcp: pick("lcp"),
      cls: pick("cls"),
      accessibility: pick("accessibility"),
    });
    const perf = each.map((e) => e.performance).join("/");
    const tbt = each.map((e) => Math.round(e.tbt)).join("/");
    console.log(`  ${page}: performance ${perf}, TBT ${tbt} ms`);
  }
  const head = ["page", "performance", "TBT ms", "LCP s", "CLS", "accessibility"];
  const body = rows.map((r) => [
    r.page,
    String(Math.round(r.performance)),
    String(Math.round(r.tbt)),
    (r.lcp / 1000).toFixed(1),
    r.cls.toFixed(3),
    String(Math.round(r.accessibility)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(head));
  for (const b of body) console.log(line(b));
  const slow = rows.filter((r) => r.performance < 80 || r.accessibility < 100);
  if (slow.length)
    console.log(`below target (performance ≥ 80, accessibility 100): ${slow.map((r) => r.page).join(", ")}`);
}
