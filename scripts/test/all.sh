#!/usr/bin/env bash
# npm test — every suite: lint, typecheck, unit + integration on PGlite, integration on a throwaway
# Postgres server, the log suite with the logs in ClickHouse (chDB in process, and @clickhouse/client over
# HTTP to a stand-in server running chDB), the real Prometheus + Alertmanager chain against
# `npm run simulate`, the Playwright e2e suite in Debian's Chromium against `npm start` (and the log pages
# again on a console with LOG_STORE=chdb), and two console processes sharing that Postgres server.
# Installs what is missing from Debian's packages; a suite that cannot run fails, never skips.
set -uo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 FORCE_COLOR=0

bash scripts/test/deps.sh || { echo "FAIL: could not install test dependencies"; exit 1; }

work=$(mktemp -d /tmp/ops-console-test.XXXXXX)
chmod 755 "$work" # the Postgres cluster inside runs as the postgres user
cleanup() { bash scripts/test/pg-cluster.sh stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

failed=()
step() {
  local name=$1; shift
  echo; echo "=== $name"
  local started=$SECONDS
  if "$@"; then echo "=== $name: ok ($((SECONDS - started))s)"; else echo "=== $name: FAILED ($((SECONDS - started))s)"; failed+=("$name"); fi
}

step "lint" npm run -s lint
step "typecheck" npm run -s typecheck
step "unit + integration on PGlite" npx vitest run --reporter=default --reporter=json --outputFile.json="$work/vitest-pglite.json"

pg_url=$(bash scripts/test/pg-cluster.sh start "$work/pg" "$(free_port)") || { echo "could not start a Postgres server"; failed+=("postgres server"); }
if [ -n "${pg_url:-}" ]; then
  step "integration on Postgres" env TEST_DATABASE_URL="$pg_url" npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json="$work/vitest-postgres.json"
fi

# Every test of tenant and platform logs (ingest, query, context, export, facets, tails and resume,
# isolation, audit, retention, correlation, shippers), plus every route's authorization and error shape.
log_suite=(tests/integration/logstore.test.ts tests/integration/logs.test.ts tests/integration/logs-isolation.test.ts
  tests/integration/logs-audit.test.ts tests/integration/logs-tail.test.ts tests/integration/cli-sse.test.ts
  tests/integration/ingest-protocols.test.ts tests/integration/shippers.test.ts tests/integration/platform-logs.test.ts
  tests/integration/correlate.test.ts tests/integration/kinds.test.ts tests/integration/traces.test.ts)
node -e 'require.resolve("chdb")' 2>/dev/null || { echo "FAIL: the optional package chdb is not installed (npm install); the ClickHouse suites need it"; failed+=("chdb package"); }
step "log suite on chDB (LOG_STORE=chdb), with every route's authorization and errors" env LOG_STORE=chdb npx vitest run "${log_suite[@]}" \
  tests/integration/authz-matrix.test.ts tests/integration/api-errors.test.ts tests/integration/hardening.test.ts \
  --reporter=default --reporter=json --outputFile.json="$work/vitest-chdb.json"
step "log suite through @clickhouse/client (LOG_STORE=clickhouse; HTTP stand-in on chDB)" env LOG_STORE=clickhouse npx vitest run "${log_suite[@]}" \
  --reporter=default --reporter=json --outputFile.json="$work/vitest-clickhouse.json"

step "Prometheus + Alertmanager against the simulator" env PROMETHEUS_SUITE=1 npx vitest run tests/prometheus --maxWorkers=2 --reporter=default --reporter=json --outputFile.json="$work/vitest-prometheus.json"

step "e2e in Chromium" env E2E_PORT="$(free_port)" E2E_CHDB_PORT="$(free_port)" E2E_OIDC_PORT="$(free_port)" E2E_DATA_DIR="$work/e2e-data" \
  PLAYWRIGHT_JSON_OUTPUT_NAME="$work/playwright.json" npx playwright test --reporter=list,json

replicas() {
  [ -f .next/BUILD_ID ] || npx next build || return 1
  DATABASE_URL="$pg_url" npm run -s db:seed && DATABASE_URL="$pg_url" node scripts/test/replicas.mjs "$work/replicas.json"
}
if [ -n "${pg_url:-}" ]; then
  step "two console processes on one Postgres (live fan-out, limits, the simulator feed, kill -9)" replicas
fi

node scripts/test/summary.mjs "$work" "${#failed[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed: ${failed[*]}"
  exit 1
fi
