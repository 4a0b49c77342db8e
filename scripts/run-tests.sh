#!/usr/bin/env bash
# The whole suite: the SQLite leg always, the MariaDB leg wherever a server is reachable.
# With CI=true the MariaDB leg is mandatory: no server means a red run, never a silent skip.
# The conformance leg (tests/conformance/run.py: Django's own migrate tests with our command against
# Django's; DJANGO_TESTS_VERSION runs another Django's tests) ends the SQLite leg of a full run.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"  # scripts/test-django-next.sh passes its own virtualenv
mkdir -p var

status=0
echo "=== SQLite leg ==="
DATABASE_URL="sqlite:///${SQLITE_TEST_FILE:-var/test-default.sqlite3}" $PY -m pytest "$@" || status=1
conformance() {
  [ $# -eq 2 ] || return 0  # only in a full run: pytest arguments follow the two of the leg
  echo "=== Conformance: Django's migrate tests with our command ($1) ==="
  $PY tests/conformance/run.py --database-url "$2" ${DJANGO_TESTS_VERSION:+--django "$DJANGO_TESTS_VERSION"} || status=1
}
conformance SQLite "sqlite://:memory:" "$@"

mysql_url="${TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/erp}"
if $PY scripts/mysql_reachable.py "$mysql_url"; then
  echo "=== MariaDB leg ($($PY scripts/mysql_reachable.py --describe "$mysql_url")) ==="
  DATABASE_URL="$mysql_url" ERP_TEST_MYSQL=1 $PY -m pytest "$@" || status=1
  conformance MariaDB "${mysql_url}_conf" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "MariaDB leg: no server reachable at $mysql_url, and CI=true makes it mandatory." >&2
  status=1
else
  echo "MariaDB leg skipped: no server reachable at $mysql_url (set TEST_MYSQL_URL to run it)."
fi
exit $status
