#!/usr/bin/env bash
# For `make run`: a local .env for development (DEBUG on, a generated secret). Never committed
# (.gitignore); an existing .env is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e .env ] && exit 0
umask 077
{
  echo "# Created by 'make run' for local development. Never commit this file."
  echo "DEBUG=true"
  echo "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
} > .env
echo "Created .env for development (DEBUG=true, generated SECRET_KEY)."
