// The cost of the API spine per request, in process on the embedded engine (PGlite, in memory):
// a bare route handler (baseline) against withApi on a public route, a session-authenticated route
// and a token-authenticated route, and a paged audit read.
import { encode } from "next-auth/jwt";
import { openDb, setDbHandle } from "../../lib/db/client";
import { migrateDb } from "../../lib/db/migrate";
import { seedDemo } from "../../lib/db/seed";
import { measure, printTable } from "./lib";

export default async function apiBench(args: string[]) {
  const n = Number(args[0] ?? 2000);
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const handle = openDb({});
  await migrateDb(handle);
  await seedDemo(handle.db);
  setDbHandle(handle);

  const { GET: health } = await import("../../app/api/v1/health/route");
  const { GET: me } = await import("../../app/api/v1/me/route");
  const { GET: audit } = await import("../../app/api/v1/audit/route");
  const { createToken } = await import("../../lib/auth/tokens");
  const { actorFromSessionToken } = await import("../../lib/auth/actor");
  const { recordAudit } = await import("../../lib/audit");

  const jwt = await encode({ token: { sub: "usr_oncall" }, secret: process.env.NEXTAUTH_SECRET! });
  const actor = (await actorFromSessionToken(jwt))!;
  const { token } = await createToken(actor, { name: "bench", scopes: ["audit:read"] }, { requestId: "bench", ip: null });
  for (let i = 0; i < 1000; i++) await recordAudit({ action: "bench.event", outcome: "success", actorKind: "system", orgId: i % 2 ? "acme" : "globex" });

  const ctx = { params: Promise.resolve({}) };
  const url = "http://127.0.0.1/api/v1";
  const bare = async () => Response.json({ status: "ok" });
  const rows = [
    await measure("baseline: bare handler, no wrapper", n, () => bare()),
    await measure("withApi: GET /health (public)", n, () => health(new Request(`${url}/health`), ctx)),
    await measure("withApi: GET /me (session cookie)", n, () => me(new Request(`${url}/me`, { headers: { cookie: `next-auth.session-token=${jwt}` } }), ctx)),
    await measure("withApi: GET /me (bearer token)", n, () => me(new Request(`${url}/me`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx)),
    await measure("withApi: GET /audit?limit=100 (token)", Math.max(100, n / 4), () =>
      audit(new Request(`${url}/audit?limit=100`, { headers: { authorization: `Bearer ${token.secret}` } }), ctx),
    ),
  ];
  printTable(rows);
  await handle.close();
}
