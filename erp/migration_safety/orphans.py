"""Statements a killed `migrate` left running on the MySQL/MariaDB server (orphans).

A client killed during a long ALTER does not stop it: the server runs it to the end (or until it next
writes to the dead socket). A re-run that went ahead would queue behind it on the table's metadata lock
and then run the same rebuild again. So before resuming or undoing a half-applied migration, `migrate`
looks in the process list for statements of that migration still running on other connections and,
saying which, either waits for them to end (the default: their work is then recognised by the resume,
which introspects the statement after the last journaled one) or stops them (`--stop-orphans`: KILL
QUERY; MariaDB rolls an ALTER back, so the re-run runs it once, in full).
"""

from __future__ import annotations

import re
import time

from erp.migration_safety.journal import normalised_sql

POLL_SECONDS = 0.5


_DDL = re.compile(r"^\s*(ALTER|CREATE|DROP|RENAME|TRUNCATE|OPTIMIZE)\b", re.I)


def running(connection, tables: set[str]) -> list[tuple[int, int, str]]:
    """(connection id, seconds running, SQL) of DDL on one of `tables` that other connections run now.

    Read from the process list only: no table is opened (introspecting one would queue behind the
    orphan's pending metadata lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ID, TIME, INFO FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
            "AND ID <> CONNECTION_ID() AND INFO IS NOT NULL"
        )
        rows = cursor.fetchall()
    found = []
    for ident, seconds, info in rows:
        text = normalised_sql(info)
        if _DDL.match(text) and set(re.findall(r"`([^`]+)`", text)) & tables:
            found.append((int(ident), int(seconds or 0), text))
    return found


def settle(connection, tables: set[str], *, stop: bool, say, timeout: float) -> None:
    """Wait for (or stop) DDL a killed run left running on `tables`, saying which; returns once none runs."""
    orphans = running(connection, tables)
    if not orphans:
        return
    for ident, seconds, text in orphans:
        short = text if len(text) <= 120 else text[:117] + "..."
        if stop:
            say(f"  Stopping connection {ident}'s `{short}` (running {seconds} s), left running by a killed "
                "migrate (--stop-orphans): the server rolls it back and this run does it once.")
            with connection.cursor() as cursor:
                cursor.execute(f"KILL QUERY {ident}")
        else:
            say(f"  Waiting for connection {ident}'s `{short}` (running {seconds} s), left running by a killed "
                "migrate: its work is kept and not done twice (--stop-orphans stops it instead).")
    deadline = time.monotonic() + timeout
    while running(connection, tables):
        if time.monotonic() > deadline:
            from django.core.management.base import CommandError

            raise CommandError(
                f"Gave up after {timeout:g} s waiting for a statement a killed migrate left running "
                f"(connection {orphans[0][0]}). Nothing was changed; run migrate again later, or with "
                "--stop-orphans."
            )
        time.sleep(POLL_SECONDS)
    say("  It has ended." if len(orphans) == 1 else "  They have ended.")


def migration_tables(loader, migration) -> set[str]:
    """The tables of the migration's app before and after it (from the project state: no database)."""
    from erp.migration_safety.fast_path import tables_of

    key = (migration.app_label, migration.name)
    tables = set()
    for state in (loader.project_state(key, at_end=False), loader.project_state(key, at_end=True)):
        for (app_label, _name), model_state in state.models.items():
            if app_label == migration.app_label:
                tables |= tables_of(app_label, model_state)
    return tables
