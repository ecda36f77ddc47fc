// Adds up the test counts of every suite's JSON report into one closing line.
import fs from "node:fs";
import path from "node:path";

const [dir, failedSteps] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;
const read = (f) => (fs.existsSync(path.join(dir, f)) ? JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) : null);

for (const f of ["vitest-pglite.json", "vitest-postgres.json", "vitest-chdb.json", "vitest-clickhouse.json", "vitest-prometheus.json"]) {
  const r = read(f);
  if (!r) continue;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`${f.replace(".json", "")}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
const pw = read("playwright.json");
if (pw) {
  const s = pw.stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  skipped += s.skipped;
  console.log(`playwright: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
}
const rep = read("replicas.json");
if (rep) {
  passed += rep.passed;
  failed += rep.failed;
  console.log(`replicas: ${rep.passed} passed, ${rep.failed} failed`);
}
// A step that failed without a report (lint, typecheck, a crashed runner) still fails the run.
if (Number(failedSteps) > 0 && failed === 0) failed = Number(failedSteps);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
