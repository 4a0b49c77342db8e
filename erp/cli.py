"""Entry point for manage.py: configuration and connection errors become one clear line."""

import sys

from django.core.exceptions import ImproperlyConfigured


def _describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite3" in db["ENGINE"]:
        return f"SQLite database {db['NAME']}"
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 3306}"
    return f"MySQL/MariaDB database {db['NAME']!r} at {where} as {db.get('USER') or '(no user)'}"


def run_management_command(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    traceback = "--traceback" in argv
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        if traceback:
            raise
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 1
    except OperationalError as exc:
        if traceback:
            raise
        print(f"Database error ({_describe_database()}): {exc}", file=sys.stderr)
        return 1
    return 0
