// The paging side of a test: an on-call schedule of one person per layer, and a receiver on loopback that
// keeps each JSON body the console sends it.
import http from "node:http";
import type { Layer } from "@/lib/vocabulary";
import { expect } from "vitest";
import type { Alert } from "@/lib/alerts/contract";
import { call, mintToken, USERS } from "./api";

/** Puts the schedule: each named layer rotates daily through its one person (as the admin). */
export function putSchedule(people: Partial<Record<Layer, string>>) {
  const layers = Object.entries(people).map(([layer, person]) => ({
    layer,
    rotation: "daily",
    start_date: "2026-01-05",
    handoff_time: "09:00",
    time_zone: "UTC",
    people: [person],
  }));
  return call("PUT", "/api/v1/oncall/schedule", { as: USERS.admin, body: { layers } });
}

/** A webhook receiver on 127.0.0.1: what it was sent, in order, and the URL of one of its paths. */
export async function jsonReceiver<T>() {
  const got: T[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => (got.push(JSON.parse(body)), res.writeHead(200).end()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the receiver has no port");
  return { got, url: (path: string) => `http://127.0.0.1:${address.port}${path}`, close: () => server.close() };
}

export type Receiver<T> = Awaited<ReturnType<typeof jsonReceiver<T>>>;

/**
 * One firing alert through the Alertmanager webhook, as Alertmanager posts it (with an alerts:write token),
 * its fingerprint `fp`; the alert as the list shows it afterwards.
 */
export async function fireAlert(
  fp: string,
  labels: Record<string, string>,
  annotations: Record<string, string>,
): Promise<Alert> {
  const am = { token: (await mintToken(USERS.admin, { scopes: ["alerts:write"] })).secret };
  const res = await call("POST", "/api/v1/alerts/alertmanager", {
    as: am,
    body: {
      receiver: "ops-console",
      status: "firing",
      version: "4",
      groupKey: fp,
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://127.0.0.1:9093",
      truncatedAlerts: 0,
      alerts: [
        {
          status: "firing",
          labels,
          annotations,
          startsAt: new Date().toISOString(),
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "",
          fingerprint: fp,
        },
      ],
    },
  });
  expect(res.status).toBe(200);
  const list = await call<{ alerts: Alert[] }>("GET", "/api/v1/alerts?limit=500", { as: USERS.oncall });
  return list.body.alerts.find((a) => a.fingerprint === fp)!;
}
