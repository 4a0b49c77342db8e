#!/usr/bin/env bash
# The whole suite: the SQLite leg always, the MariaDB leg wherever a server is reachable.
# With CI=true the MariaDB leg is mandatory: no server means a red run, never a silent skip.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"  # scripts/test-django-next.sh passes its own virtualenv
mkdir -p var

status=0
echo "=== SQLite leg ==="
DATABASE_URL="sqlite:///${SQLITE_TEST_FILE:-var/test-default.sqlite3}" $PY -m pytest "$@" || status=1

mysql_url="${TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/erp}"
if $PY scripts/mysql_reachable.py "$mysql_url"; then
  echo "=== MariaDB leg ($($PY scripts/mysql_reachable.py --describe "$mysql_url")) ==="
  DATABASE_URL="$mysql_url" ERP_TEST_MYSQL=1 $PY -m pytest "$@" || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "MariaDB leg: no server reachable at $mysql_url, and CI=true makes it mandatory." >&2
  status=1
else
  echo "MariaDB leg skipped: no server reachable at $mysql_url (set TEST_MYSQL_URL to run it)."
fi
exit $status
