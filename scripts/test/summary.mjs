// Adds up the test counts of every suite's JSON report into one closing line.
import fs from "node:fs";
import path from "node:path";

const [dir, failedSteps] = process.argv.slice(2);
let passed = 0,
  failed = 0,
  skipped = 0;
const failures = []; // "suite › test — first line of the error", printed last so a log's tail names them
const firstLine = (m) =>
  String(m ?? "")
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .find((l) => l.trim()) ?? "";
const read = (f) => (fs.existsSync(path.join(dir, f)) ? JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) : null);

for (const f of [
  "vitest-pglite.json",
  "vitest-postgres.json",
  "vitest-chdb.json",
  "vitest-clickhouse.json",
  "vitest-prometheus.json",
]) {
  const r = read(f);
  if (!r) continue;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`${f.replace(".json", "")}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  for (const file of r.testResults ?? []) {
    const tests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of tests)
      failures.push(
        `${f.replace(".json", "")} ${path.basename(file.name)} › ${t.fullName} — ${firstLine(t.failureMessages?.[0])}`,
      );
    if (file.status === "failed" && tests.length === 0)
      failures.push(`${f.replace(".json", "")} ${path.basename(file.name)} — ${firstLine(file.message)}`);
  }
}
const pw = read("playwright.json");
if (pw) {
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  skipped += s.skipped;
  console.log(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === "unexpected" || t.status === "flaky")
          failures.push(
            `playwright ${spec.file}:${spec.line} › ${spec.title} — ${firstLine(t.results?.find((x) => x.error)?.error?.message)}`,
          );
    for (const s2 of suite.suites ?? []) walk(s2);
  };
  for (const s2 of pw.suites ?? []) walk(s2);
}
const rep = read("replicas.json");
if (rep) {
  passed += rep.passed;
  failed += rep.failed;
  console.log(`replicas: ${rep.passed} passed, ${rep.failed} failed`);
  for (const name of rep.failures ?? []) failures.push(`replicas › ${name}`);
}
// A step that failed without a report (lint, typecheck, a crashed runner) still fails the run.
if (Number(failedSteps) > 0 && failed === 0) failed = Number(failedSteps);
if (failures.length) console.log(`\nfailed tests:\n${failures.map((x) => `  ✗ ${x.slice(0, 400)}`).join("\n")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
