"""Entry point for manage.py: configuration, connection and command failures become one clear line.

Commands raise what Django raises, so callers of call_command see the real exception; a command that
knows what a failure means to its user attaches that one line with `explain()`, and it is printed here,
where the command line is handled, instead of the traceback (`--traceback` shows the traceback).
"""

import sys

from django.core.exceptions import ImproperlyConfigured

_ATTRIBUTE = "erp_command_line_message"


def explain(exc: BaseException, line: str) -> None:
    """What manage.py prints for `exc` (one line) instead of its traceback."""
    setattr(exc, _ATTRIBUTE, line)


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
    except Exception as exc:
        if traceback:
            raise
        line = getattr(exc, _ATTRIBUTE, None)
        if line is not None:
            print(f"CommandError: {line}", file=sys.stderr)
        elif isinstance(exc, ImproperlyConfigured):
            print(f"Configuration error: {exc}", file=sys.stderr)
        elif isinstance(exc, OperationalError):
            print(f"Database error ({_describe_database()}): {exc}", file=sys.stderr)
        else:
            raise
        return 1
    return 0
