#!/usr/bin/env bash
# The suite's fast tests (both legs, as `make test`) and the conformance leg on the newest Django release and Python 3.12, in its own
# virtualenv (var/venv-django-next). requirements.txt keeps the pinned LTS; requirements-django-next.txt
# swaps in the newest release. Python: $DJANGO_NEXT_PYTHON, else python3.12 on PATH or from pyenv.
# Without such a Python the leg is skipped with a message, and fails with CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidates=("${DJANGO_NEXT_PYTHON:-}" python3.12)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.12*/bin/python3.12)
  fi
  local c
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && "$c" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { echo "$c"; return 0; }
  done
  return 1
}

if ! python=$(find_python); then
  if [ "${CI:-}" = "true" ]; then
    echo "Django-next leg: no Python 3.12 found (set DJANGO_NEXT_PYTHON), and CI=true makes the leg mandatory." >&2
    exit 1
  fi
  echo "Django-next leg skipped: no Python 3.12 found (set DJANGO_NEXT_PYTHON to run it)."
  exit 0
fi

venv=var/venv-django-next
stamp="$venv/.req-$(cat requirements.txt requirements-dev.txt requirements-django-next.txt | cksum | cut -d' ' -f1)"
if [ ! -e "$stamp" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -r requirements-dev.txt
  "$venv/bin/python" -m pip install -q -r requirements-django-next.txt
  "$venv/bin/python" -m pip check
  touch "$stamp"
fi
echo "=== Django $("$venv/bin/python" -c 'import django; print(django.get_version())') on Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())') ==="
# Slow suites run once, in the pinned release's legs: without arguments this leg runs the tests not marked
# `slow` and then the conformance leg (Django's own migrate tests with our command, on this release's tests);
# the browser and replication tests (marked by tests/conftest.py) are left out here whatever the arguments.
# pytest reports what it leaves out as deselected, never as passed.
[ $# -gt 0 ] || set -- -m "not slow"
ERP_TEST_CONFORMANCE="${ERP_TEST_CONFORMANCE:-1}" ERP_TESTS_DESELECT=browser,replication PY="$venv/bin/python" \
  TEST_MYSQL_URL="${TEST_MYSQL_URL_NEXT:-mysql://root@127.0.0.1:3306/erp_next}" \
  SQLITE_TEST_FILE=var/test-django-next.sqlite3 exec scripts/run-tests.sh "$@"
