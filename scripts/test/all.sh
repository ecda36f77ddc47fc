#!/usr/bin/env bash
# npm test — every suite: lint, typecheck, unit + integration on PGlite, integration on a throwaway
# Postgres server, the real Prometheus + Alertmanager chain against `npm run simulate`, the Playwright
# e2e suite in Debian's Chromium against `npm start`, and two console processes sharing that Postgres server.
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

step "Prometheus + Alertmanager against the simulator" env PROMETHEUS_SUITE=1 npx vitest run tests/prometheus --maxWorkers=1 --reporter=default --reporter=json --outputFile.json="$work/vitest-prometheus.json"

step "e2e in Chromium" env E2E_PORT="$(free_port)" E2E_OIDC_PORT="$(free_port)" E2E_DATA_DIR="$work/e2e-data" \
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
