// The platform's side of an e2e test: an admin mints one platform token (logs, alerts — and whatever a
// test adds) and posts as the agents, Alertmanager and pipelines would.
import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { DEMO, LoginPage } from "../pages/login-page";

export async function platform(browser: Browser, baseURL: string, scopes: string[] = ["logs:write", "alerts:write"]) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new LoginPage(page).signInAs(DEMO.admin);
  const res = await page.request.post("/api/v1/tokens", { data: { name: `platform-${Date.now()}`, scopes } });
  expect(res.status(), await res.text()).toBe(201);
  const secret = ((await res.json()) as { token: { secret: string } }).token.secret;
  const request: APIRequestContext = page.request;
  const post = async (path: string, data: unknown, status = 200) => {
    const r = await request.post(path, { headers: { authorization: `Bearer ${secret}` }, data });
    expect(r.status(), await r.text()).toBe(status);
    return r;
  };
  return {
    secret,
    post,
    /** Log lines as an agent ships them (acme's web app unless a line says otherwise). */
    ingest: (lines: Record<string, unknown>[]) =>
      post(
        "/api/v1/logs",
        lines.map((l) => ({
          ts: new Date().toISOString(),
          org_id: "acme",
          app_id: "web",
          env_id: "production",
          process_type: "web",
          instance_id: "web-e2e-1",
          level: "info",
          ...l,
        })),
      ),
    /** One firing alert through the Alertmanager webhook; its fingerprint is its name. */
    alert: (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) =>
      post("/api/v1/alerts/alertmanager", {
        version: "4",
        groupKey: "{}:{}",
        status: "firing",
        receiver: "ops-console",
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        alerts: [
          {
            status: "firing",
            labels: { alertname: name, severity: "warning", ...labels },
            annotations,
            startsAt: new Date().toISOString(),
            endsAt: "0001-01-01T00:00:00Z",
            fingerprint: name,
          },
        ],
      }),
    close: () => context.close(),
  };
}
