// The embedded store's own thread: PGlite (Postgres in WebAssembly) runs here, so a long statement —
// a 100,000-line export, a wide text search — never blocks the thread that serves HTTP. The web
// thread talks to it through messages (lib/db/pglite-remote.ts): queries, statements, transactions
// held open across messages, LISTEN/NOTIFY, and a dump of the data directory (tests).
// PGlite runs one statement at a time; this thread decides which: interactive work first, bulk work
// (lib/db/priority.ts: export pages, retention) when no one else waits. Statements inside an open
// transaction go straight through (the transaction holds the store until it ends).
// Plain JavaScript: it is loaded by path at run time, outside the Next.js bundle.
import fs from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const identity = (v) => v;
const ROLLBACK = Symbol("rollback");
const txs = new Map();
const listening = new Map();
let nextTx = 1;

/** Group and others lose every right: PGlite writes a new data directory's files 0666. */
function keepPrivate(p) {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  if ((st.mode & 0o077) !== 0) fs.chmodSync(p, st.mode & 0o700);
  if (st.isDirectory()) for (const name of fs.readdirSync(p)) keepPrivate(path.join(p, name));
}

const ready = (async () => {
  const { dataDir, loadDataDir } = workerData ?? {};
  const db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
  });
  if (dataDir) keepPrivate(dataDir);
  return db;
})();

function target(db, msg) {
  if (!msg.tx) return db;
  const t = txs.get(msg.tx);
  if (!t) throw new Error("the transaction is already over");
  return t.tx;
}

const plain = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

/** The error as the caller needs it: Postgres's fields (code, detail, …) survive the trip. */
function serialise(err) {
  const out = { message: String(err?.message ?? err), name: err?.name ?? "Error" };
  for (const k of [
    "code",
    "severity",
    "detail",
    "hint",
    "position",
    "schema",
    "table",
    "column",
    "dataType",
    "constraint",
    "routine",
    "where",
  ]) {
    if (err && err[k] !== undefined) out[k] = err[k];
  }
  return out;
}

async function handle(db, msg) {
  switch (msg.op) {
    case "query":
      return plain(
        await target(db, msg).query(msg.sql, msg.params ?? [], {
          rowMode: msg.rowMode ?? "object",
          parsers: Object.fromEntries((msg.rawTypes ?? []).map((oid) => [oid, identity])),
        }),
      );
    case "exec":
      return (await target(db, msg).exec(msg.sql)).map(plain);
    case "begin": {
      const id = nextTx++;
      let started;
      const begun = new Promise((r) => (started = r));
      const entry = {};
      const gate = new Promise(
        (resolve, reject) => (entry.finish = (commit) => (commit ? resolve() : reject(ROLLBACK))),
      );
      gate.catch(() => {});
      entry.settled = db.transaction(async (tx) => {
        entry.tx = tx;
        txs.set(id, entry);
        started();
        await gate;
      });
      entry.settled.catch(() => {});
      await Promise.race([begun, entry.settled]);
      if (!txs.has(id)) await entry.settled; // could not begin: its error
      return id;
    }
    case "end": {
      const t = txs.get(msg.tx);
      if (!t) return null;
      t.finish(Boolean(msg.commit));
      try {
        await t.settled;
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      } finally {
        txs.delete(msg.tx);
      }
      return null;
    }
    case "listen": {
      if (!listening.has(msg.channel)) {
        listening.set(
          msg.channel,
          db.listen(msg.channel, (payload) => parentPort.postMessage({ op: "notify", channel: msg.channel, payload })),
        );
      }
      await listening.get(msg.channel);
      return null;
    }
    case "unlisten": {
      const stop = listening.get(msg.channel);
      listening.delete(msg.channel);
      if (stop) await (await stop)();
      return null;
    }
    case "dump": {
      const blob = await db.dumpDataDir(msg.compression ?? "none");
      return new Uint8Array(await blob.arrayBuffer());
    }
    case "close":
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

async function run(msg) {
  try {
    const db = await ready;
    const result = await handle(db, msg);
    parentPort.postMessage({ id: msg.id, ok: true, result }, result instanceof Uint8Array ? [result.buffer] : []);
    if (msg.op === "close") parentPort.close();
    return result;
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: serialise(err) });
    return undefined;
  }
}

const queues = { interactive: [], bulk: [] };
/** The store is taken by a statement in flight, or by an open transaction (its id) until its end. */
let holder = null;

function pump() {
  if (holder !== null) return;
  const msg = queues.interactive.shift() ?? queues.bulk.shift();
  if (!msg) return;
  holder = "statement";
  void run(msg).then((result) => {
    // A transaction that began keeps the store until its "end" arrives.
    holder = msg.op === "begin" && typeof result === "number" ? result : null;
    pump();
  });
}

parentPort.on("message", (msg) => {
  if (msg.tx) {
    // Inside the open transaction: straight through; its end frees the store.
    void run(msg).then(() => {
      if (msg.op === "end" && holder === msg.tx) {
        holder = null;
        pump();
      }
    });
    return;
  }
  (msg.priority === "bulk" ? queues.bulk : queues.interactive).push(msg);
  pump();
});
