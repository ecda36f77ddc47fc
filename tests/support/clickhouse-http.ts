// A stand-in for a ClickHouse server, labelled as such: a ClickHouse server cannot be installed on this
// machine (Debian's clickhouse-server is 2018's 18.16, without query parameters, skip indexes or TTL), so
// this small HTTP server answers the part of ClickHouse's HTTP interface that @clickhouse/client uses —
// the statement in the body or in `query`, `param_*` values in the text-escaped format, inserts with
// their rows in the body, `/ping`, errors as `Code: N. DB::Exception: …` with a non-200 status — by
// running every statement on chDB, the same ClickHouse engine. It proves the client transport and its
// parameter encoding end to end; the SQL itself runs on the real engine either way.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chdbSession } from "@/lib/kinds/clickhouse/transport";

/**
 * `param_*` values reach the engine as the server hands them over: raw text that the engine parses
 * per declared type (escaped format). `SET param_x = '…'` in the same call does exactly that; chDB's own
 * binding would first escape the text again.
 */
const literal = (raw: string) => `'${raw.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export async function startClickHouseHttp(
  dir: string,
): Promise<{ url: string; close(): Promise<void>; statements: () => number }> {
  const session = await chdbSession(dir);
  let statements = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://clickhouse");
      if (url.pathname === "/ping") {
        res.writeHead(200, { "content-type": "text/plain" }).end("Ok.\n");
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const inUrl = url.searchParams.get("query");
      // With `query` in the URL the body is the statement's data (an insert's rows).
      const statement = inUrl !== null ? `${inUrl}\n${body}` : body;
      const sets = [...url.searchParams]
        .filter(([k]) => /^param_\w+$/.test(k))
        .map(([k, v]) => `SET ${k} = ${literal(v)}`);
      statements++;
      try {
        // One statement (and its parameters) at a time: parameters set for one must not serve another.
        const out = await serial(() =>
          session.queryBindAsync(
            sets.length ? `${sets.join(";\n")};\n${statement}` : statement,
            {},
            { format: "TabSeparated" },
          ),
        );
        res
          .writeHead(200, {
            "content-type": "text/plain; charset=UTF-8",
            "x-clickhouse-summary": JSON.stringify({ read_rows: "0", written_rows: "0" }),
          })
          .end(out.text());
      } catch (err) {
        const message = (err as Error).message;
        const code = /Code: (\d+)/.exec(message)?.[1] ?? "1000";
        res
          .writeHead(500, { "content-type": "text/plain; charset=UTF-8", "x-clickhouse-exception-code": code })
          .end(/Code: \d+/.test(message) ? message : `Code: ${code}. DB::Exception: ${message}. (UNKNOWN_EXCEPTION)`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statements: () => statements,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
