// The typed client builds the URLs the contracts name: path parameters filled in and encoded, queries with
// repeated keys, and the error shape turned into ClientApiError.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { getIncidentEndpoint, updateFollowUpEndpoint, updateIncidentEndpoint } from "@/lib/incidents/contract";
import type { listChangesEndpoint, listOrgChangesEndpoint } from "@/lib/changes/contract";
import type { revokeTokenEndpoint } from "@/lib/auth/contract";
import type { exportIncidentEndpoint } from "@/lib/incidents/contract";
import type { getDashboardEndpoint } from "@/lib/metrics/contract";
import { call, ClientApiError, fieldErrors, pathOf, queryString } from "./api";

interface Sent {
  url: string;
  method: string | undefined;
  body: unknown;
  contentType: string | null;
}

let sent: Sent[] = [];
let answer: () => Response = () => Response.json({});
const realFetch = globalThis.fetch;

beforeEach(() => {
  sent = [];
  answer = () => Response.json({});
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({
      url: String(input),
      method: init?.method,
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      contentType: new Headers(init?.headers).get("content-type"),
    });
    return answer();
  };
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

describe("call", () => {
  it("fills in the path's parameters and answers the parsed body", async () => {
    answer = () => Response.json({ incident: { id: "inc_1" } });
    const r = await call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id: "inc_1" } });
    expect(sent).toEqual([{ url: "/api/v1/incidents/inc_1", method: "GET", body: undefined, contentType: null }]);
    expect(r).toEqual({ incident: { id: "inc_1" } });
  });

  it("encodes every parameter", async () => {
    await call<typeof updateFollowUpEndpoint>("PATCH /api/v1/incidents/{id}/follow-ups/{followUpId}", {
      params: { id: "a/b c", followUpId: "x?y#z" },
      body: { status: "done" },
    });
    await call<typeof revokeTokenEndpoint>("DELETE /api/v1/tokens/{id}", { params: { id: "tok_ä&1" } });
    expect(sent.map((s) => [s.method, s.url])).toEqual([
      ["PATCH", "/api/v1/incidents/a%2Fb%20c/follow-ups/x%3Fy%23z"],
      ["DELETE", "/api/v1/tokens/tok_%C3%A4%261"],
    ]);
  });

  it("sends the body as JSON", async () => {
    await call<typeof updateIncidentEndpoint>("PATCH /api/v1/incidents/{id}", {
      params: { id: "inc_2" },
      body: { status: "mitigated", note: "rolled back" },
    });
    expect(sent[0]).toEqual({
      url: "/api/v1/incidents/inc_2",
      method: "PATCH",
      body: { status: "mitigated", note: "rolled back" },
      contentType: "application/json",
    });
  });

  it("writes the query with repeated keys for lists, leaving out what is not set", async () => {
    await call<typeof listChangesEndpoint>("GET /api/v1/changes", {
      query: { service: ["api", "edge"], region: [], kind: ["deploy"], from: "24h", to: undefined, limit: 100 },
    });
    await call<typeof listOrgChangesEndpoint>("GET /api/v1/orgs/{org}/changes", {
      params: { org: "acme" },
      query: { from: "1h" },
    });
    await call<typeof getDashboardEndpoint>("GET /api/v1/dashboards/{slug}", { params: { slug: "edge" } });
    expect(sent.map((s) => s.url)).toEqual([
      "/api/v1/changes?service=api&service=edge&kind=deploy&from=24h&limit=100",
      "/api/v1/orgs/acme/changes?from=1h",
      "/api/v1/dashboards/edge",
    ]);
  });

  it("turns the error shape into a ClientApiError with its code, message, details and request id", async () => {
    answer = () =>
      Response.json(
        { error: { code: "not_found", message: "No incident inc_9", details: { id: "inc_9" } }, request_id: "req-123" },
        { status: 404 },
      );
    const err = await call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id: "inc_9" } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ClientApiError);
    expect(err).toMatchObject({
      status: 404,
      code: "not_found",
      message: "No incident inc_9",
      details: { id: "inc_9" },
      requestId: "req-123",
    });
  });

  it("names the status when an error has no body of the error shape", async () => {
    answer = () => new Response("", { status: 502 });
    const err = await call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id: "inc_9" } }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      status: 502,
      code: "error",
      message: "Request failed (502)",
      details: undefined,
      requestId: undefined,
    });
  });
});

describe("fieldErrors", () => {
  it("reads the fields a refused body names, and nothing from details of another shape", () => {
    expect(fieldErrors({ fields: [{ field: "body.name", message: "is required" }, { field: 3 }, "x"] })).toEqual([
      { field: "body.name", message: "is required" },
    ]);
    expect(fieldErrors(undefined)).toEqual([]);
    expect(fieldErrors({ fields: "body.name" })).toEqual([]);
  });
});

describe("pathOf", () => {
  it("builds a link's URL with the same checks, without fetching", () => {
    expect(
      pathOf<typeof exportIncidentEndpoint>("GET /api/v1/incidents/{id}/export", {
        params: { id: "inc 1" },
        query: { format: "json" },
      }),
    ).toBe("/api/v1/incidents/inc%201/export?format=json");
    expect(sent).toEqual([]);
  });
});

describe("queryString", () => {
  it("repeats array keys, drops empty values and encodes", () => {
    expect(queryString({ a: ["x", "y z"], b: "", c: null, d: undefined, e: 0, f: false, g: "&" })).toBe(
      "?a=x&a=y+z&e=0&f=false&g=%26",
    );
    expect(queryString({ a: [], b: undefined })).toBe("");
  });
});

// Checked by the compiler: a wrong method or path, missing parameters, or a body where none is taken.
export function wrongCallsDoNotCompile() {
  // @ts-expect-error the endpoint is a GET
  void call<typeof getIncidentEndpoint>("POST /api/v1/incidents/{id}", { params: { id: "x" } });
  // @ts-expect-error not the endpoint's path
  void call<typeof getIncidentEndpoint>("GET /api/v1/incident/{id}", { params: { id: "x" } });
  // @ts-expect-error the path names {id}
  void call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}");
  // @ts-expect-error the path names {id}, not {ref}
  void call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { ref: "x" } });
  // @ts-expect-error a GET takes no body
  void call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id: "x" }, body: {} });
  // @ts-expect-error the endpoint takes no query
  void call<typeof getIncidentEndpoint>("GET /api/v1/incidents/{id}", { params: { id: "x" }, query: { a: "b" } });
  void pathOf<typeof exportIncidentEndpoint>("GET /api/v1/incidents/{id}/export", {
    params: { id: "x" },
    // @ts-expect-error the export's format is markdown or json
    query: { format: "pdf" },
  });
}
