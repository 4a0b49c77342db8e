#!/usr/bin/env bash
# System packages the project needs, installed when missing: MariaDB's client library (mysqlclient
# compiles against it), the text libraries and a font WeasyPrint draws the printed documents' PDFs with
# (Pango, HarfBuzz's subsetter, fontconfig, DejaVu) and, with --tests, Debian's Chromium for the browser
# tests (never a browser download of Playwright's own) and poppler-utils (pdftotext reads the PDFs back);
# with --tests and CI=true also MariaDB's server programs and Galera.
set -euo pipefail
packages=(libmariadb-dev pkg-config libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core)
[ "${1:-}" = "--tests" ] && packages+=(chromium poppler-utils)
# With CI=true the replication tests are mandatory (tests/conftest.py): the server and client programs
# they start and call (mariadbd, mariadb-install-db, mariadb, mariadb-admin) and the Galera library.
[ "${1:-}" = "--tests" ] && [ "${CI:-}" = "true" ] && packages+=(mariadb-server-core mariadb-client galera-4)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}. Install them with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Run:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
