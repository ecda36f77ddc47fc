// The OpenAPI 3.1 document, generated from the same endpoint contracts and zod schemas the handlers use.
import { z } from "zod";
import { ENDPOINTS } from "./endpoints";
import { errorResponse, type Endpoint } from "@/lib/http/endpoint";

function schemaOf(s: z.ZodType, io: "input" | "output") {
  const json = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });
  delete json.$schema;
  return json;
}

function parameters(ep: Endpoint) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ["path", ep.params],
    ["query", ep.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input");
    const required = new Set(json.required ?? []);
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      const description = typeof prop === "object" ? prop.description : undefined;
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        schema: prop,
        ...(description ? { description } : {}),
      });
    }
  }
  return out;
}

const ERRORS: Record<string, string> = {
  "400": "Bad input: the message and details name the field and the reason",
  "401": "No credentials, or a forged, expired or revoked token",
  "403": "Not allowed",
  "429": "Over a limit; see Retry-After",
};

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const ep of ENDPOINTS) {
    const op: Record<string, unknown> = {
      operationId: `${ep.method.toLowerCase()}${ep.path
        .replace(/^\/api\/v1/, "")
        .replace(/[{}]/g, "")
        .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: ep.summary,
      tags: [ep.tag],
      parameters: parameters(ep),
      "x-scope": ep.scope ?? null,
      security:
        ep.auth === "public" ? [] : ep.auth === "session" ? [{ session: [] }] : [{ bearer: [] }, { session: [] }],
      responses: {
        [String(ep.status ?? 200)]: {
          description: "Success",
          content: { [ep.produces ?? "application/json"]: { schema: schemaOf(ep.response, "output") } },
        },
        ...Object.fromEntries(
          Object.entries(ERRORS)
            .filter(([code]) => ep.auth !== "public" || code === "400" || code === "429")
            .map(([code, description]) => [
              code,
              { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
            ]),
        ),
      },
    };
    if (ep.body)
      op.requestBody = { required: true, content: { "application/json": { schema: schemaOf(ep.body, "input") } } };
    (paths[ep.path] ??= {})[ep.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Ops Console control-plane API", version: "1.0.0" },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: schemaOf(errorResponse, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (opc_…) minted at /tokens" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
  };
}
