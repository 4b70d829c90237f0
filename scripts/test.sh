#!/usr/bin/env bash
# The whole suite: SQLite (with the browser tests when Chromium is installed), then PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

echo "== 1/2 SQLite =="
if [ -x /usr/lib/chromium/chromium ]; then
  $BIN/pytest || status=1
else
  echo "Chromium not found at /usr/lib/chromium/chromium: browser tests skipped (apt-get install chromium)." >&2
  $BIN/pytest -m "not e2e" || status=1
fi

echo "== 2/2 PostgreSQL =="
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # The Spark parity tests ran in the SQLite pass; they compare engines, not databases.
  bash scripts/with-postgres.sh $BIN/pytest -m "not e2e and not spark" || status=1
else
  echo "PostgreSQL server binaries not found: PostgreSQL run skipped (apt-get install postgresql)." >&2
  [ "${CI:-}" = "true" ] && status=1
fi
exit $status
