#!/usr/bin/env bash
# The whole suite: the SQLite leg always, the MariaDB leg wherever a server is reachable.
# With CI=true the MariaDB leg is mandatory: no server means a red run, never a silent skip.
# The two legs run side by side (they share no database and no file; most of the MariaDB leg waits on
# the server), the SQLite leg's output kept in var/test-logs/ and printed when both are done;
# ERP_TEST_LEGS_SERIAL=1 runs them one after the other.
# The conformance leg (tests/conformance/run.py: Django's own migrate tests with our command against
# Django's; DJANGO_TESTS_VERSION runs another Django's tests) follows, on both databases, in a full run
# (no pytest arguments) or with ERP_TEST_CONFORMANCE=1.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"  # scripts/test-django-next.sh passes its own virtualenv
sqlite_url="sqlite:///${SQLITE_TEST_FILE:-var/test-default.sqlite3}"
mysql_url="${TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/erp}"
logs=var/test-logs
sqlite_log="$logs/$(basename "$sqlite_url" .sqlite3).log"
mkdir -p "$logs"
conformance="${ERP_TEST_CONFORMANCE:-$([ $# -eq 0 ] && echo 1 || echo 0)}"

status=0
sqlite_leg() { DATABASE_URL="$sqlite_url" $PY -m pytest "$@"; }
mysql_leg() { DATABASE_URL="$mysql_url" ERP_TEST_MYSQL=1 $PY -m pytest "$@"; }
run_conformance() {
  [ "$conformance" = 1 ] || return 0
  echo "=== Conformance: Django's migrate tests with our command ($1) ==="
  $PY tests/conformance/run.py --database-url "$2" ${DJANGO_TESTS_VERSION:+--django "$DJANGO_TESTS_VERSION"} || status=1
}

if $PY scripts/mysql_reachable.py "$mysql_url"; then
  mysql_label="MariaDB leg ($($PY scripts/mysql_reachable.py --describe "$mysql_url"))"
  if [ "${ERP_TEST_LEGS_SERIAL:-0}" = 1 ]; then
    echo "=== SQLite leg ==="
    sqlite_leg "$@" || status=1
    echo "=== $mysql_label ==="
    mysql_leg "$@" || status=1
  else
    started=$(date +%s)
    echo "=== SQLite leg: runs alongside the MariaDB leg, its output follows that leg's ($sqlite_log) ==="
    DATABASE_URL="$sqlite_url" $PY -m pytest "$@" >"$sqlite_log" 2>&1 &
    sqlite_pid=$!
    trap 'kill "$sqlite_pid" 2>/dev/null' EXIT
    trap 'exit 130' INT TERM
    echo "=== $mysql_label ==="
    mysql_leg "$@" || status=1
    echo "=== MariaDB leg done after $(( $(date +%s) - started )) s ==="
    sqlite_status=0
    wait "$sqlite_pid" || sqlite_status=1
    trap - EXIT INT TERM
    echo "=== SQLite leg (ran alongside; done after $(( $(date +%s) - started )) s at the latest) ==="
    cat "$sqlite_log"
    [ "$sqlite_status" = 0 ] || status=1
  fi
  run_conformance SQLite "sqlite://:memory:"
  run_conformance MariaDB "${mysql_url}_conf"
elif [ "${CI:-}" = "true" ]; then
  echo "=== SQLite leg ==="
  sqlite_leg "$@" || status=1
  run_conformance SQLite "sqlite://:memory:"
  echo "MariaDB leg: no server reachable at $mysql_url, and CI=true makes it mandatory." >&2
  status=1
else
  echo "=== SQLite leg ==="
  sqlite_leg "$@" || status=1
  run_conformance SQLite "sqlite://:memory:"
  echo "MariaDB leg skipped: no server reachable at $mysql_url (set TEST_MYSQL_URL to run it)."
fi
exit $status
