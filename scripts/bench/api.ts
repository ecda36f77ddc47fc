// The cost of the API spine per request, in process on the embedded engine (PGlite, in memory):
// a bare route handler (baseline) against withApi on a public route, a session-authenticated route
// and a token-authenticated route, and a paged audit read. Then the console's self-tracing: each route
// with the SDK on (spans exported to the console's own trace store, as a server does by default) against
// OTEL_SDK_DISABLED=true (no SDK registered), in turns in the same process.
import { trace } from "@opentelemetry/api";
import { benchCookie, benchDatabase, benchToken, measure, measurePair, printTable, type Figures } from "./lib";

export default async function apiBench(args: string[]) {
  const n = Number(args[0] ?? 2000);
  const handle = await benchDatabase();

  const { GET: health } = await import("../../app/api/v1/health/route");
  const { GET: me } = await import("../../app/api/v1/me/route");
  const { GET: audit } = await import("../../app/api/v1/audit/route");
  const { recordAudit } = await import("../../lib/audit");

  const cookie = await benchCookie("usr_oncall");
  const token = { secret: await benchToken("usr_oncall", ["audit:read"]) };
  for (let i = 0; i < 1000; i++)
    await recordAudit({
      action: "bench.event",
      outcome: "success",
      actorKind: "system",
      orgId: i % 2 ? "acme" : "globex",
    });

  const ctx = { params: Promise.resolve({}) };
  const url = "http://127.0.0.1/api/v1";
  const bare = async () => Response.json({ status: "ok" });
  const rows = [
    await measure("baseline: bare handler, no wrapper", n, () => bare()),
    await measure("withApi: GET /health (public)", n, () => health(new Request(`${url}/health`), ctx)),
    await measure("withApi: GET /me (session cookie)", n, () =>
      me(new Request(`${url}/me`, { headers: { cookie } }), ctx),
    ),
    await measure("withApi: GET /me (bearer token)", n, () =>
      me(new Request(`${url}/me`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx),
    ),
    await measure("withApi: GET /audit?limit=100 (token)", Math.max(100, n / 4), () =>
      audit(new Request(`${url}/audit?limit=100`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx),
    ),
  ];
  printTable(rows);

  // Self-tracing on against off. "Off" is what OTEL_SDK_DISABLED=true leaves: no tracer provider, so every
  // hook runs against the API's no-op tracer. The context manager and propagator stay registered in both
  // (the console already runs AsyncLocalStorage for its own work; registering one per turn would measure that).
  const { startTracing } = await import("../../lib/telemetry/tracing-sdk");
  const { ownTraceStore } = await import("../../lib/traces/ingest");
  const tracing = startTracing({ store: ownTraceStore() });
  if (!tracing) throw new Error("tracing did not start (is OTEL_SDK_DISABLED set?)");
  const state = (k: number) => {
    if (k === 0) trace.disable();
    else trace.setGlobalTracerProvider(tracing.provider);
  };
  const traced: Figures[] = [];
  const pair = async (name: string, count: number, fn: () => Promise<unknown>) => {
    const [off, on] = await measurePair(
      [`${name} — OTEL_SDK_DISABLED=true`, `${name} — traced`],
      count,
      [fn, fn],
      Math.min(50, count),
      state,
    );
    traced.push(off, on);
  };
  await pair("GET /health (public)", n, () => health(new Request(`${url}/health`), ctx));
  await pair("GET /me (session cookie)", n, () => me(new Request(`${url}/me`, { headers: { cookie } }), ctx));
  await pair("GET /me (bearer token)", n, () =>
    me(new Request(`${url}/me`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx),
  );
  await pair("GET /audit?limit=100 (token)", Math.max(100, n / 4), () =>
    audit(new Request(`${url}/audit?limit=100`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx),
  );
  state(1);
  await tracing.provider.forceFlush();
  console.log("\nSelf-tracing: each route off and on, in turns");
  printTable(traced);
  for (let i = 0; i < traced.length; i += 2) {
    const [off, on] = [traced[i]!, traced[i + 1]!];
    console.log(
      `${on.name.replace(/ — traced$/, "")}: p50 ${((on.p50Ms / off.p50Ms - 1) * 100).toFixed(1)} %, p95 ${((on.p95Ms / off.p95Ms - 1) * 100).toFixed(1)} %`,
    );
  }
  await tracing.shutdown();
  await handle.close();
}
