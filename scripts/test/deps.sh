#!/usr/bin/env bash
# Installs from Debian's packages what the test suites need and the machine lacks:
# Chromium (e2e), a PostgreSQL server and psql (integration on Postgres, the least-privilege roles), Prometheus and Alertmanager (the
# Prometheus suite), syslog-ng with its http() destination (the syslog drain bridge). Fails loudly when it cannot.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v syslog-ng >/dev/null 2>&1 || missing+=(syslog-ng-core)
ls /usr/lib/syslog-ng/*/libhttp.so >/dev/null 2>&1 || missing+=(syslog-ng-mod-http)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "deps: missing ${missing[*]} and not root; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v chromium >/dev/null || { echo "deps: chromium is still missing" >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "deps: PostgreSQL server binaries are still missing" >&2; exit 1; }
command -v psql >/dev/null || { echo "deps: psql is still missing" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "deps: prometheus is still missing" >&2; exit 1; }
command -v prometheus-alertmanager >/dev/null || command -v alertmanager >/dev/null || { echo "deps: Alertmanager is still missing" >&2; exit 1; }
command -v syslog-ng >/dev/null || { echo "deps: syslog-ng is still missing" >&2; exit 1; }
ls /usr/lib/syslog-ng/*/libhttp.so >/dev/null 2>&1 || { echo "deps: syslog-ng's http() module is still missing" >&2; exit 1; }
