// Identity API contracts: who is calling, and API tokens.
import { z } from "zod";
import { endpoint, slug } from "@/lib/http/endpoint";
import { ROLES, SCOPES } from "@/lib/vocabulary";

export const scopeSchema = z.enum(SCOPES, { message: `must be one of: ${SCOPES.join(", ")}` });

export const meEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/me",
  summary: "Who is calling: the person, their orgs and scopes, and the token when one is used",
  tag: "identity",
  response: z.object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) }),
    orgs: z.array(z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()) })),
    scopes: z.array(z.string()),
    token: z
      .object({ id: z.string(), name: z.string(), org_id: z.string().nullable(), scopes: z.array(z.string()) })
      .nullable(),
  }),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  org_id: z.string().nullable(),
  user_id: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiToken = z.infer<typeof tokenSchema>;

export const createTokenBodySchema = z.object({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scopes: z.array(scopeSchema).min(1, "choose at least one scope").max(SCOPES.length),
  org_id: slug.nullish(),
  expires_in_days: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(365, "must be at most 365")
    .nullish(),
});
export type CreateTokenBody = z.infer<typeof createTokenBodySchema>;

export const listTokensEndpoint = endpoint({
  method: "GET",
  path: "/api/v1/tokens",
  summary: "Your API tokens (admins: every token)",
  tag: "identity",
  auth: "session",
  response: z.object({ tokens: z.array(tokenSchema), next_cursor: z.null() }),
});

export const createTokenEndpoint = endpoint({
  method: "POST",
  path: "/api/v1/tokens",
  summary: "Mint an API token; the secret is returned this once",
  tag: "identity",
  auth: "session",
  body: createTokenBodySchema,
  status: 201,
  response: z.object({ token: tokenSchema.extend({ secret: z.string() }) }),
});

export const revokeTokenEndpoint = endpoint({
  method: "DELETE",
  path: "/api/v1/tokens/{id}",
  summary: "Revoke an API token",
  tag: "identity",
  auth: "session",
  params: z.object({ id: z.string().max(100) }),
  response: z.object({ token: tokenSchema }),
});
