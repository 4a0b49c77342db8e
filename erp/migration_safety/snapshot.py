"""The fast path of `migrate` for an empty MariaDB database: create the final schema from a checked-in file.

Replaying every migration costs one DDL statement per operation, many of them table rebuilds; the schema
they produce is one CREATE TABLE per table. `manage.py schema_snapshot` migrates a scratch database the
normal way and writes its tables (SHOW CREATE TABLE) to SNAPSHOT_FILE, headed by the migrations it holds
and their checksums (the ones `dbstatus` reports). On an empty MariaDB database whose migrations on disk
still match that list, `migrate`:

1. notes the fast path in the lock's journal and creates the tables (CREATE TABLE IF NOT EXISTS,
   foreign key checks off for the load, as a dump does);
2. in one transaction, walks the migration plan in Django's order: schema migrations are recorded as
   applied, data migrations (RunPython/RunSQL only) run against their historical models exactly as a
   normal migrate runs them. A process killed in step 1 or 2 leaves tables and no recorded migration;
   the next `migrate` sees the journal and does both steps again (the tables already there are kept).

Data steps inside schema migrations (Django's contenttypes.0002, axes.0007) are not run: they act on
rows that an empty database does not have. CI proves the result equal to a normal migrate, table by
table and row by row (tests/migrations/test_fast_path.py), and that the file matches the migrations.
Anything else (SQLite, MySQL, a stale file, a database with tables, `--fake`, a target) takes the normal
path, as does `migrate --no-fast-path`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from erp.migration_safety.checksums import migration_checksum
from erp.migration_safety.lint import DATA_OPERATIONS
from erp.migration_safety.lock import HOLDER_TABLE

SNAPSHOT_FILE = Path(__file__).with_name("schema_mariadb.sql")
# What the lock's journal holds while the fast path runs (a migration label otherwise).
JOURNAL_MARK = "(schema snapshot)"
_SEPARATOR = ";\n\n"


def is_data_migration(migration) -> bool:
    return bool(migration.operations) and all(isinstance(op, DATA_OPERATIONS) for op in migration.operations)


def full_plan(loader) -> list:
    """Every migration, in the order a plain `migrate` applies them to an empty database (the order of
    MigrationExecutor.migration_plan with clean_start)."""
    plan, seen = [], set()
    for target in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(target):
            if key not in seen:
                seen.add(key)
                plan.append(loader.graph.nodes[key])
    return plan


def file_hash(migration) -> str:
    """The migration file's bytes: any edit, even a reformat, makes the snapshot stale (CI says so)."""
    path = getattr(sys.modules.get(type(migration).__module__), "__file__", None)
    if not path:
        return "-"
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:16]


def fingerprint(plan) -> list[tuple[str, str, str]]:
    """(app, name, file hash) per migration: cheap to compute at every fresh migrate."""
    return [(m.app_label, m.name, file_hash(m)) for m in plan]


@dataclass
class Snapshot:
    server: str
    migrations: list[tuple[str, str, str]]  # (app, name, file hash)
    statements: list[str]
    checksums: dict[tuple[str, str], str]  # operation checksums, recorded in erp_migration_checksum

    def tables(self) -> set[str]:
        return {re.match(r"CREATE TABLE IF NOT EXISTS `([^`]+)`", s).group(1) for s in self.statements}


def _normalise(create: str) -> str:
    """SHOW CREATE TABLE text, minus what belongs to one database rather than to the schema."""
    create = create.replace("CREATE TABLE `", "CREATE TABLE IF NOT EXISTS `", 1)
    head, _, options = create.rpartition(")")
    # The next id and the table's default character set: a new database uses its own defaults, as
    # Django's CREATE TABLE (which names neither) would.
    options = re.sub(r" AUTO_INCREMENT=\d+", "", options)
    options = re.sub(r" DEFAULT CHARSET=\w+", "", options)
    options = re.sub(r" COLLATE=\w+", "", options)
    return f"{head}){options}"


def capture(using: str, plan) -> Snapshot:
    """The snapshot of database `using`, which a normal migrate brought to the end of `plan`."""
    connection = connections[using]
    statements = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table == HOLDER_TABLE:
                continue
            cursor.execute(f"SHOW CREATE TABLE `{table}`")
            statements.append(_normalise(cursor.fetchone()[1]))
        cursor.execute("SELECT VERSION()")
        server = cursor.fetchone()[0]
    checksums = {(m.app_label, m.name): migration_checksum(m) for m in plan}
    return Snapshot(server=server, migrations=fingerprint(plan), statements=statements, checksums=checksums)


def render(snapshot: Snapshot) -> str:
    lines = [
        "-- The schema `manage.py migrate` creates, loaded by migrate's fast path for an empty MariaDB",
        "-- database (erp/migration_safety/snapshot.py). Written by `manage.py schema_snapshot`: do not edit.",
        f"-- server: {snapshot.server}",
    ]
    lines += [
        f"-- migration: {app} {name} {digest} {snapshot.checksums[app, name]}"
        for app, name, digest in snapshot.migrations
    ]
    return "\n".join(lines) + "\n\n" + "".join(s + _SEPARATOR for s in snapshot.statements)


def read(path: Path = SNAPSHOT_FILE) -> Snapshot | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    server, found, checksums, body = "", [], {}, []
    for line in text.splitlines(keepends=True):
        if line.startswith("-- server: "):
            server = line[len("-- server: "):].strip()
        elif line.startswith("-- migration: "):
            app, name, digest, checksum = line[len("-- migration: "):].split()
            found.append((app, name, digest))
            checksums[app, name] = checksum
        elif not line.startswith("--"):
            body.append(line)
    statements = [s.strip() for s in "".join(body).split(_SEPARATOR) if s.strip()]
    return Snapshot(server=server, migrations=found, statements=statements, checksums=checksums)


def stale_reason(snapshot: Snapshot | None, plan) -> str | None:
    """Why the snapshot does not describe these migrations, or None when it does."""
    if snapshot is None:
        return f"{SNAPSHOT_FILE.name} is missing"
    expected = fingerprint(plan)
    if set(snapshot.migrations) == set(expected):
        return None
    on_disk, in_file = set(expected), set(snapshot.migrations)
    changed = sorted(f"{a}.{n}" for a, n, _ in on_disk ^ in_file)
    return f"{SNAPSHOT_FILE.name} does not match the migrations ({', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''})"


def applies(using: str, executor: MigrationExecutor, plan, interrupted: str | None) -> Snapshot | None:
    """The snapshot to load into database `using`, or None when migrate must take the normal path."""
    connection = connections[using]
    if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
        return None
    if executor.loader.applied_migrations:
        return None
    snapshot = read()
    if snapshot is None or stale_reason(snapshot, plan) is not None:
        return None
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor)) - {HOLDER_TABLE}
    if not tables:
        return snapshot
    # Tables without a recorded migration: only a fast path that was interrupted leaves that.
    if interrupted == JOURNAL_MARK and tables <= snapshot.tables():
        return snapshot
    return None


def load(using: str, executor: MigrationExecutor, plan, snapshot: Snapshot, journal, say) -> None:
    """Create the tables, then record schema migrations and run data migrations in one transaction."""
    connection = connections[using]
    journal(JOURNAL_MARK)
    say(f"  Empty database: creating {len(snapshot.statements)} tables from {SNAPSHOT_FILE.name} "
        f"(the schema of {len(plan)} migrations).")
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            for statement in snapshot.statements:
                cursor.execute(statement)
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")
    recorder = MigrationRecorder(connection)
    schema = 0
    with transaction.atomic(using=using):
        # The state is never rendered as a whole: only the historical models a data migration asks for
        # are built, from the state at that point (re-rendering it after every operation, as Django's
        # executor does, is what makes a replay slow).
        state = executor._create_project_state(with_applied_migrations=False)
        for migration in plan:
            if is_data_migration(migration):
                state = executor.apply_migration(state, migration)  # renders the state if it is not
            else:
                state.__dict__.pop("apps", None)  # rendered for an earlier data migration: drop, not update
                state = migration.mutate_state(state, preserve=False)
                recorder.record_applied(migration.app_label, migration.name)
                schema += 1
    journal(None)
    say(f"  Recorded {schema} schema migrations as applied.")
