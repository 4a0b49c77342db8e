"""The history of migration runs: who (OS user, host, pid), when, how long, what and how it ended.

Every `migrate` that applied, unapplied or resumed a migration, or was refused, every adoption, every
repair and every acceptance of edited migrations is one row of `erp_migration_run`
(erp.models.MigrationRun), written when the run ends. A no-op `migrate` writes nothing. Read it with
`manage.py dbstatus --history` or in the admin.

A command records its run with

    with history.recorded_run("default", history.REPAIR) as run:
        run.migrations.append("sales.0004_x")
        run.detail = "marked applied: the column was added by hand (ticket 12)"
        ...

An exception leaving the block records the run as failed (a `Refused` one as refused) and goes on.
Before the table exists (a fresh database before erp.0006, or one migrated back past it) nothing is
recorded; a failure to record is reported on stderr and never hides the run's own outcome.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from django.core.management.base import CommandError
from django.db import DatabaseError, connections

TABLE = "erp_migration_run"
APPLY, UNAPPLY, RESUME, REPAIR, ADOPT, ACCEPT = "apply", "unapply", "resume", "repair", "adopt", "accept"
SUCCEEDED, FAILED, REFUSED = "succeeded", "failed", "refused"


class Refused(CommandError):
    """A run that stopped before changing anything, on purpose: recorded as refused, not failed."""


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database (some containers)
        return f"uid {os.getuid()}"


@dataclass
class Run:
    using: str
    kind: str
    command: str
    migrations: list[str] = field(default_factory=list)
    detail: str = ""
    outcome: str = SUCCEEDED
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    started: float = field(default_factory=time.monotonic)
    record_if_empty: bool = True  # False: a run that did nothing leaves no row (a no-op migrate)
    # A run that stopped before changing anything and must leave the database exactly as it was (a refused
    # adoption): no row; its outcome is in the command's output and report.
    discard: bool = False


def _has_table(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def record(run: Run) -> None:
    """Write the run's row (if its table exists); never raises."""
    from erp.models import MigrationRun

    if run.discard or (not run.record_if_empty and not run.migrations and run.outcome == SUCCEEDED):
        return
    try:
        connection = connections[run.using]
        if not _has_table(connection):
            return
        MigrationRun.objects.using(run.using).create(
            kind=run.kind, outcome=run.outcome, started_at=run.started_at,
            duration=round(time.monotonic() - run.started, 3), os_user=os_user()[:150],
            host=socket.gethostname()[:255], pid=os.getpid(), command=run.command,
            migrations="\n".join(run.migrations), detail=run.detail,
        )
    except DatabaseError as exc:
        sys.stderr.write(f"Warning: this {run.kind} run could not be recorded in {TABLE}: {exc}\n")


@contextmanager
def recorded_run(using: str, kind: str, command: str | None = None, record_if_empty: bool = True):
    """Record the block as one run of `kind` when it ends, however it ends."""
    if command is None:
        command = " ".join(["manage.py", *sys.argv[1:]])
    run = Run(using, kind, command, record_if_empty=record_if_empty)
    try:
        yield run
    except Refused as exc:
        run.outcome, run.detail = REFUSED, run.detail or str(exc)
        raise
    except BaseException as exc:
        run.outcome = FAILED
        # The one line manage.py prints for it (erp.cli.explain), else the exception itself.
        line = getattr(exc, "erp_command_line_message", None)
        plain = str(exc) if isinstance(exc, CommandError) else f"{type(exc).__name__}: {exc}"
        run.detail = run.detail or line or plain
        raise
    finally:
        record(run)


def recent_runs(using: str = "default", limit: int = 50) -> list[dict]:
    """The newest runs first (an empty list before the table exists)."""
    from erp.models import MigrationRun

    if not _has_table(connections[using]):
        return []
    fields = ["started_at", "kind", "outcome", "duration", "os_user", "host", "pid", "command", "migrations",
              "detail"]
    return list(MigrationRun.objects.using(using).values(*fields)[:limit])


def format_runs(runs: list[dict]) -> str:
    if not runs:
        return "No migration runs recorded."
    lines = []
    for r in runs:
        what = ", ".join(r["migrations"].splitlines()) or "-"
        started = r["started_at"].astimezone(timezone.utc)  # read in the database's zone (DATABASE_TIME_ZONE)
        lines.append(
            f"{started:%Y-%m-%d %H:%M:%S} UTC  {r['kind']:<8} {r['outcome']:<9} {r['duration']:>8.2f} s  "
            f"{r['os_user']}@{r['host']} (pid {r['pid']})  {what}"
        )
        if r["detail"]:
            lines.append(f"    {r['detail']}")
    return "\n".join(lines)
