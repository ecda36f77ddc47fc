import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/http/errors";
import { withTestDb } from "../support/db";
import { call, loadRoute, METHODS, mintToken, routeFiles, USERS, readMetrics } from "../support/api";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { GET as metricsRoute } from "@/app/api/metrics/route";

withTestDb();

describe("OpenAPI document", () => {
  it("documents every route, and every documented route exists", async () => {
    const doc = (
      await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>("GET", "/api/v1/openapi.json")
    ).body;
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const implemented: string[] = [];
    for (const r of routeFiles()) {
      if (r.catchAll) continue;
      const mod = await loadRoute(r.file);
      for (const m of METHODS) {
        const ep = mod[m]?.endpoint;
        if (!ep) continue;
        expect(ep.path, `${r.file} ${m}`).toBe(r.template);
        expect(ep.method).toBe(m);
        implemented.push(`${m} ${r.template}`);
      }
    }
    expect(documented.sort()).toEqual(implemented.sort());
    expect(ENDPOINTS).toHaveLength(implemented.length);
  });

  it("describes bodies and query parameters from the handlers' own schemas", async () => {
    const doc = (
      await call<{
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: {
                content: Record<string, { schema: { required: string[]; properties: Record<string, unknown> } }>;
              };
              parameters: { name: string }[];
            }
          >
        >;
      }>("GET", "/api/v1/openapi.json")
    ).body;
    const create = doc.paths["/api/v1/tokens"]!.post!;
    expect(create.requestBody!.content["application/json"]!.schema.required).toEqual(["name", "scopes"]);
    expect(Object.keys(create.requestBody!.content["application/json"]!.schema.properties)).toEqual([
      "name",
      "scopes",
      "org_id",
      "expires_in_days",
    ]);
    expect(doc.paths["/api/v1/audit"]!.get!.parameters.map((p) => p.name)).toEqual([
      "action",
      "org",
      "actor",
      "operator_reads",
      "outcome",
      "since",
      "limit",
      "cursor",
    ]);
  });

  it("publishes the error codes as an enum, each with its status", async () => {
    const doc = (
      await call<{
        components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
      }>("GET", "/api/v1/openapi.json")
    ).body;
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_STATUS));
  });
});

describe("health, readiness and metrics", () => {
  it("reports live and ready on a migrated database", async () => {
    expect((await call("GET", "/api/v1/health")).body).toEqual({ status: "ok" });
    const ready = await call<{ status: string; engine: string }>("GET", "/api/v1/ready");
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe("ready");
  });

  it("exposes request counts by route template and status, never raw ids", async () => {
    await call("DELETE", "/api/v1/tokens/tok_does_not_exist", { as: USERS.admin });
    await call("GET", "/api/v1/me", { as: USERS.admin });
    const text = await readMetrics();
    expect(text).toMatch(/http_requests_total\{method="DELETE",route="\/api\/v1\/tokens\/\{id\}",status="404"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/me",status="200"\}/,
    );
    expect(text).toMatch(/db_query_duration_seconds_count\{engine="(pglite|postgres)",op="select"\}/);
    expect(text).toContain("ops_console_process_cpu_user_seconds_total");
    expect(text).not.toContain("tok_does_not_exist");
  });

  it("serves no metrics to anyone without METRICS_TOKEN, unless METRICS_PUBLIC — and then no per-org figures", async () => {
    const agent = await mintToken(USERS.admin, { scopes: ["logs:write"] });
    await call("POST", "/api/v1/logs", {
      as: { token: agent.secret },
      body: [
        {
          ts: new Date().toISOString(),
          org_id: "globex",
          app_id: "shop",
          env_id: "production",
          process_type: "web",
          instance_id: "w",
          message: "metrics org label",
        },
      ],
    });
    const anonymous = await metricsRoute(new Request("http://console.test/api/metrics"));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { message: string } }).error.message).toContain("METRICS_TOKEN");
    process.env.METRICS_PUBLIC = "true";
    try {
      const pub = await (await metricsRoute(new Request("http://console.test/api/metrics"))).text();
      expect(pub).toMatch(/log_ingest_lines_total\{kind="tenant",protocol="native",outcome="accepted"\} \d+/);
      expect(pub).not.toMatch(/org="/);
      expect(pub).not.toContain("globex");
    } finally {
      delete process.env.METRICS_PUBLIC;
    }
    expect(await readMetrics()).toMatch(
      /log_ingest_lines_total\{kind="tenant",protocol="native",org="globex",outcome="accepted"\} \d+/,
    );
  });

  it("asks for METRICS_TOKEN at /api/metrics when it is set", async () => {
    process.env.METRICS_TOKEN = "scrape-me-please-0123456789";
    try {
      const none = await metricsRoute(new Request("http://console.test/api/metrics"));
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toBe("Bearer");
      const wrong = await metricsRoute(
        new Request("http://console.test/api/metrics", {
          headers: { authorization: "Bearer scrape-me-please-0123456780" },
        }),
      );
      expect(wrong.status).toBe(401);
      const right = await metricsRoute(
        new Request("http://console.test/api/metrics", {
          headers: { authorization: "Bearer scrape-me-please-0123456789" },
        }),
      );
      expect(right.status).toBe(200);
      expect(await right.text()).toContain("http_requests_total");
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });
});
