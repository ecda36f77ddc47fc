// The cost of the API spine per request, in process on the embedded engine (PGlite, in memory):
// a bare route handler (baseline) against withApi on a public route, a session-authenticated route
// and a token-authenticated route, and a paged audit read.
import { benchCookie, benchDatabase, benchToken, measure, printTable } from "./lib";

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
  await handle.close();
}
