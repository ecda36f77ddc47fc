// The paging side of a test: an on-call schedule of one person per layer, and a receiver on loopback that
// keeps each JSON body the console sends it.
import http from "node:http";
import type { Layer } from "@/lib/vocabulary";
import { call, USERS } from "./api";

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
