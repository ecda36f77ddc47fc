// Log fixtures: entries shaped like an agent's, and an ingest through the real route.
import { call, mintToken, USERS } from "./api";
import type { LogLevel } from "@/lib/vocabulary";

let ingestToken: string | undefined;

export async function agentToken(): Promise<string> {
  ingestToken ??= (await mintToken(USERS.admin, { name: "agent", scopes: ["logs:write"] })).secret;
  return ingestToken;
}

export function entry(over: Record<string, unknown> = {}) {
  return {
    ts: new Date().toISOString(),
    org_id: "acme",
    app_id: "web",
    env_id: "production",
    process_type: "web",
    instance_id: "web-1",
    release_id: "v1",
    host_id: "host-1",
    level: "info" as LogLevel,
    message: "GET /health 200",
    request_id: null,
    trace_id: null,
    attrs: null,
    ...over,
  };
}

export async function ingest(entries: unknown[]) {
  const res = await call<{ accepted: number }>("POST", "/api/v1/logs", {
    as: { token: await agentToken() },
    body: entries,
  });
  if (res.status !== 200) throw new Error(`ingest failed ${res.status}: ${res.text.slice(0, 500)}`);
  return res.body.accepted;
}
