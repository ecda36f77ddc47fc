// npm run bench -- <name> [args]: runs scripts/bench/<name>.ts and prints its figures.
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const [name, ...args] = process.argv.slice(2);
const dir = import.meta.dirname;
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f))
  .map((f) => f.replace(/\.ts$/, ""));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\nbenchmarks: ${available.join(", ")}`);
  process.exit(name ? 1 : 0);
}
console.log(
  `bench ${name} — ${new Date().toISOString()} — ${os.cpus().length}× ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
const mod = (await import(path.join(dir, `${name}.ts`))) as { default: (args: string[]) => Promise<void> };
await mod.default(args);
