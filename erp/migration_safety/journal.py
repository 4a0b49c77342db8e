"""The operation journal: what of the migration now running has committed, one row per step.

On MySQL/MariaDB each DDL statement commits by itself, and a RunPython commits its own transaction, so a
migration killed (or failing) half-way has committed a prefix of its work. To resume it exactly, every
statement the schema editor runs is journaled right after it ran (kind "statement": operation index,
ordinal within the operation, SQL), and every operation once it finished (kind "operation"). A
RunPython's row is written inside its own transaction, so it commits with the data or not at all. When
the migration is recorded as applied its rows are deleted. `resume` skips exactly the journaled steps;
only the one statement a kill can catch between its commit and its row is verified by introspection.

The table (`erp_migration_journal`) belongs to this machinery, like the lock's `erp_migration_lock`: it
must exist before the first migration of a fresh install (erp's own included), so it is created here on
first use, not by a migration. Rows of kind "repair" (`manage.py migrate_repair`) record who changed the
migration state by hand, when and why; they are kept.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from datetime import datetime, timezone

JOURNAL_TABLE = "erp_migration_journal"
# Operations Django injects into a migration at run time (contenttypes' pre_migrate after RenameModel):
# not part of the migration file, so not counted.
_INJECTED = ("RenameContentType",)


def normalised_sql(sql: str) -> str:
    return str(sql).strip().rstrip(";").strip()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = "?"
    return f"{user}@{socket.gethostname()}"


def ensure_table(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "mysql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS `{JOURNAL_TABLE}` ("
                "`id` bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, `app` varchar(255) NOT NULL, "
                "`name` varchar(255) NOT NULL, `kind` varchar(20) NOT NULL, `operation` int NOT NULL, "
                "`statement` int NOT NULL, `detail` longtext NOT NULL, `at` varchar(40) NOT NULL, "
                "KEY `erp_migration_journal_migration` (`app`, `name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            )
        else:
            cursor.execute(
                f'CREATE TABLE IF NOT EXISTS "{JOURNAL_TABLE}" ('
                '"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, '
                '"name" varchar(255) NOT NULL, "kind" varchar(20) NOT NULL, "operation" integer NOT NULL, '
                '"statement" integer NOT NULL, "detail" text NOT NULL, "at" varchar(40) NOT NULL)'
            )


def has_table(connection) -> bool:
    with connection.cursor() as cursor:
        return JOURNAL_TABLE in connection.introspection.table_names(cursor)


def _write(connection, app: str, name: str, kind: str, operation: int, statement: int, detail: str) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(JOURNAL_TABLE)} ({qn('app')}, {qn('name')}, {qn('kind')}, {qn('operation')}, "
            f"{qn('statement')}, {qn('detail')}, {qn('at')}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [app, name, kind, operation, statement, detail, _now()],
        )


@dataclass
class Done:
    """What the journal says committed of one migration."""

    operations: set[int]
    statements: dict[tuple[int, int], str]  # (operation, ordinal) -> SQL

    def __bool__(self) -> bool:
        return bool(self.operations or self.statements)


def done(connection, app: str, name: str) -> Done:
    result = Done(set(), {})
    if not has_table(connection):
        return result
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn('kind')}, {qn('operation')}, {qn('statement')}, {qn('detail')} FROM {qn(JOURNAL_TABLE)} "
            f"WHERE {qn('app')} = %s AND {qn('name')} = %s AND {qn('kind')} IN ('statement', 'operation')",
            [app, name],
        )
        for kind, operation, statement, detail in cursor.fetchall():
            if kind == "operation":
                result.operations.add(operation)
            else:
                result.statements[operation, statement] = detail
    return result


def forget(connection, app: str, name: str) -> int:
    """Delete a migration's step rows (once it is recorded, or unapplied); returns how many."""
    if not has_table(connection):
        return 0
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {qn(JOURNAL_TABLE)} WHERE {qn('app')} = %s AND {qn('name')} = %s "
            f"AND {qn('kind')} IN ('statement', 'operation')",
            [app, name],
        )
        return cursor.rowcount


def record_repair(connection, app: str, name: str, action: str, reason: str) -> None:
    ensure_table(connection)
    _write(connection, app, name, "repair", -1, -1, f"{action} by {who()}: {reason}")


def repairs(connection) -> list[tuple[str, str, str, str]]:
    """(at, app, name, detail) of every recorded repair, oldest first."""
    if not has_table(connection):
        return []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn('at')}, {qn('app')}, {qn('name')}, {qn('detail')} FROM {qn(JOURNAL_TABLE)} "
            f"WHERE {qn('kind')} = 'repair' ORDER BY {qn('id')}"
        )
        return list(cursor.fetchall())


class Journal:
    """The journal of the migration now running on one connection (None between migrations)."""

    def __init__(self, connection):
        self.connection = connection
        self.migration = None
        self.operation = -1
        self.ordinal = 0
        self._table = False

    def begin(self, migration) -> None:
        """Before `migration` runs: make every original operation journal itself when it finishes."""
        if not self._table:
            ensure_table(self.connection)
            self._table = True
        self.migration = migration
        self.operation, self.ordinal = -1, 0
        for index, operation in enumerate(original_operations(migration)):
            if "database_forwards" not in vars(operation):
                operation.database_forwards = self._journaled(index, operation.database_forwards)

    def end(self) -> None:
        """The migration is recorded as applied: its step rows go."""
        if self.migration is not None:
            forget(self.connection, self.migration.app_label, self.migration.name)
        self.migration = None

    def _journaled(self, index: int, forwards):
        def database_forwards(app_label, schema_editor, from_state, to_state):
            if self.migration is None:  # not a journaled run (e.g. sqlmigrate, the fast path)
                return forwards(app_label, schema_editor, from_state, to_state)
            self.start_operation(index)
            forwards(app_label, schema_editor, from_state, to_state)
            self.operation_done(index)

        return database_forwards

    def start_operation(self, index: int) -> None:
        self.operation, self.ordinal = index, 0

    def operation_done(self, index: int) -> None:
        m = self.migration
        _write(self.connection, m.app_label, m.name, "operation", index, -1, "")

    def statement_done(self, sql: str) -> None:
        m = self.migration
        if m is None:
            return
        _write(self.connection, m.app_label, m.name, "statement", self.operation, self.ordinal, normalised_sql(sql))
        self.ordinal += 1

    def deferred(self) -> None:
        """The schema editor is about to run its deferred statements (after the last operation)."""
        if self.migration is not None:
            self.start_operation(len(original_operations(self.migration)))


def original_operations(migration) -> list:
    return [op for op in migration.operations if type(op).__name__ not in _INJECTED]


def journaling_editor_class(base, journal: Journal):
    """The connection's schema editor, journaling each statement it runs (and the deferred ones as such)."""

    class JournalingSchemaEditor(base):
        def execute(self, sql, params=()):
            result = super().execute(sql, params)
            if not self.collect_sql and journal.migration is not None:
                text = sql if not params else str(sql) % tuple(map(self.quote_value, params))
                journal.statement_done(text)
            return result

        def __exit__(self, exc_type, exc_value, traceback):
            if exc_type is None:
                journal.deferred()
            return super().__exit__(exc_type, exc_value, traceback)

    return JournalingSchemaEditor
