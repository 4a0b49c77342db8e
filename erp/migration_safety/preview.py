"""What pending migrations will do and cost: each operation's SQL, the tables' rows and size, and on
MySQL/MariaDB how each ALTER runs (INSTANT, INPLACE or a full table COPY).

The algorithm is measured, not guessed: empty copies of the live tables (`CREATE TABLE ... LIKE`)
are made in a scratch database, and each statement is tried there with ALGORITHM=INSTANT, then
INPLACE; COPY when the server refuses both. The scratch database is dropped afterwards.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython, RunSQL

from erp.migration_safety.ddl_effects import classify, statement_done
from erp.migration_safety.pending import migrate_plan
from erp.migration_safety.plan_sql import tables_not_yet_created_from_state
from erp.migration_safety.privileges import is_denied
from erp.migration_safety.resume import Step, migration_steps
from erp.migration_safety.status import table_stats

_NAMES = re.compile(r"[`\"]([^`\"]+)[`\"]")


@dataclass
class StatementCost:
    sql: str
    algorithm: str  # INSTANT, INPLACE, COPY, REBUILD (SQLite), NEW TABLE, METADATA, DATA, n/a, or "error: ..."


@dataclass
class OperationPreview:
    description: str
    statements: list[StatementCost] = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # table -> {"rows", "bytes"} (None when it does not exist yet)
    warnings: list[str] = field(default_factory=list)


@dataclass
class MigrationPreview:
    migration: str
    operations: list[OperationPreview] = field(default_factory=list)
    backwards: bool = False
    notes: list[str] = field(default_factory=list)


def copy_warn_rows() -> int:
    return int(getattr(settings, "ERP_MIGRATE_COPY_WARN_ROWS", 100_000))


def pending_plan(connection, app_label: str | None = None, migration_name: str | None = None):
    """The plan `migrate` with these arguments runs (forwards, or backwards to an earlier target)."""
    executor = MigrationExecutor(connection)
    return executor, migrate_plan(executor, app_label, migration_name)


class _ScratchProbe:
    """A scratch MariaDB database holding empty copies of the tables the pending statements touch."""

    def __init__(self, connection):
        import MySQLdb

        self.live_db = connection.settings_dict["NAME"]
        self.name = f"{self.live_db[:40]}_preview_{uuid.uuid4().hex[:8]}"
        params = connection.get_connection_params()
        params.pop("database", None)
        params.pop("init_command", None)
        self.conn = MySQLdb.connect(**params)
        self.conn.autocommit(True)
        self._run(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb4")
        self._run(f"USE `{self.name}`")
        # Same strictness as the application's sessions: it decides whether some ALTERs are allowed.
        self._run(
            "SET SESSION sql_mode='STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
        )
        rows = self._run(
            "SELECT table_name FROM information_schema.TABLES WHERE table_schema = %s", (self.live_db,)
        )
        self.live_tables = {r[0] for r in rows}
        self.copied: set[str] = set()

    def _run(self, sql: str, params=None):
        cur = self.conn.cursor()
        try:
            cur.execute(sql, params)
            return cur.fetchall()
        finally:
            cur.close()

    def _copy_tables(self, sql: str) -> None:
        for name in _NAMES.findall(sql):
            if name in self.live_tables and name not in self.copied:
                self._run(f"CREATE TABLE `{name}` LIKE `{self.live_db}`.`{name}`")
                self.copied.add(name)

    def algorithm(self, sql: str) -> str:
        sql = sql.strip().rstrip(";")
        found = classify(sql)
        kind = found[0] if found else None
        self._copy_tables(sql)
        if kind == "create_table":
            self._try(sql)
            return "NEW TABLE"
        if kind in ("drop_table", "rename_table"):
            self._try(sql)
            return "METADATA"
        upper = sql.lstrip().upper()
        if upper.startswith("ALTER TABLE"):
            variants = [(f"{sql}, ALGORITHM=INSTANT", "INSTANT"), (f"{sql}, ALGORITHM=INPLACE", "INPLACE")]
        elif upper.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX", "DROP INDEX")):
            variants = [(f"{sql} ALGORITHM=INSTANT", "INSTANT"), (f"{sql} ALGORITHM=INPLACE", "INPLACE")]
        else:
            return "DATA"
        for variant, label in variants:
            if self._try(variant) is None:
                return label
        error = self._try(sql)
        return "COPY" if error is None else f"error: {error}"

    def _try(self, sql: str) -> str | None:
        try:
            self._run(sql)
            return None
        except Exception as exc:  # the server's refusal is the answer we are after
            return str(exc.args[-1] if exc.args else exc)

    def close(self) -> None:
        try:
            self._run(f"DROP DATABASE IF EXISTS `{self.name}`")
        finally:
            self.conn.close()


def preview(using: str = "default", app_label: str | None = None, migration_name: str | None = None) -> list:
    connection = connections[using]
    executor, plan = pending_plan(connection, app_label, migration_name)
    if not plan:
        return []
    with connection.cursor() as cursor:
        live_tables = set(connection.introspection.table_names(cursor))
    probe = unmeasured = None
    if connection.vendor == "mysql":
        try:
            probe = _ScratchProbe(connection)
        except Exception as exc:
            if not is_denied(exc):
                raise
            unmeasured = (
                "INSTANT/INPLACE/COPY not measured: this database user may not create the scratch database it "
                f"takes; to measure, grant CREATE, DROP ON `{connection.settings_dict['NAME'][:40]}\\_preview\\_%`.* "
                "to it (or preview as a user who may)."
            )
    stats_cache: dict[str, dict | None] = {}
    warn_rows = copy_warn_rows()

    def stats(table: str):
        if table not in stats_cache:
            stats_cache[table] = table_stats(connection, table) if table in live_tables else None
        return stats_cache[table]

    result = []
    try:
        for migration, backwards in plan:
            mp = MigrationPreview(f"{migration.app_label}.{migration.name}", backwards=backwards)
            if backwards:
                ops = [OperationPreview("Undo: " + "; ".join(op.describe() for op in reversed(migration.operations)))]
                with tables_not_yet_created_from_state(connection):
                    sqls = executor.loader.collect_sql([(migration, True)])
                steps = [Step(0, str(sql)) for sql in sqls if not str(sql).lstrip().startswith("--")]
            else:
                with tables_not_yet_created_from_state(connection):
                    steps = migration_steps(connection, executor.loader, migration)
                ops = [OperationPreview(op.describe()) for op in migration.operations]
            deferred = OperationPreview("Deferred statements (indexes, foreign keys), run at the end of the migration")
            for index, op in enumerate([] if backwards else migration.operations):
                if isinstance(op, RunPython):
                    ops[index].statements.append(
                        StatementCost("-- Python code: its cost depends on what it does", "DATA")
                    )
                elif isinstance(op, RunSQL):
                    ops[index].statements.append(StatementCost(str(op.sql), "DATA"))
            for step in steps:
                if step.sql is None:
                    continue
                target = ops[step.operation] if step.operation < len(ops) else deferred
                if probe is not None:
                    algorithm = probe.algorithm(step.sql)
                    # A migration a failed migrate left half-done: its first statements ran already.
                    if algorithm.startswith("error:") and statement_done(connection, step.sql) is True:
                        algorithm = "already applied"
                elif unmeasured:
                    algorithm = "not measured"
                else:
                    algorithm = "REBUILD" if re.search(r'"new__', step.sql) else "n/a"
                target.statements.append(StatementCost(step.sql, algorithm))
                found = classify(step.sql)
                if (
                    found
                    and found[0] == "create_table"
                    and found[1]["table"] not in live_tables
                    and not found[1]["table"].startswith("new__")
                ):
                    target.tables.setdefault(found[1]["table"], None)
                for name in dict.fromkeys(_NAMES.findall(step.sql)):
                    name = name[len("new__"):] if name.startswith("new__") else name
                    if name in live_tables:
                        target.tables[name] = stats(name)
                if algorithm in ("COPY", "REBUILD"):
                    table = found[1].get("table") if found else None
                    if table is None:
                        table = next((n for n in _NAMES.findall(step.sql)), None)
                        table = table[len("new__"):] if table and table.startswith("new__") else table
                    info = stats(table) if table else None
                    warning = (
                        f"WARNING: {algorithm} of table {table} ({info['rows']} rows, over "
                        f"ERP_MIGRATE_COPY_WARN_ROWS={warn_rows}): the table is rewritten and writes to "
                        "it wait meanwhile."
                    ) if info and info["rows"] > warn_rows else None
                    if warning and warning not in target.warnings:
                        target.warnings.append(warning)
            mp.operations = ops + ([deferred] if deferred.statements else [])
            if unmeasured and not result:
                mp.notes.append(unmeasured)
            result.append(mp)
    finally:
        if probe is not None:
            probe.close()
    return result


def as_dicts(previews: list[MigrationPreview]) -> list[dict]:
    return [asdict(p) for p in previews]


def format_preview(previews: list[MigrationPreview]) -> str:
    if not previews:
        return "No migrations to apply."
    lines = []
    for mp in previews:
        lines.append(f"{mp.migration} (unapply)" if mp.backwards else mp.migration)
        lines.extend(f"  NOTE: {note}" for note in mp.notes)
        for op in mp.operations:
            lines.append(f"  - {op.description}")
            for table, info in op.tables.items():
                if info is None:
                    lines.append(f"      table {table}: does not exist yet")
                else:
                    size = f", {info['bytes'] / 1024:.0f} KiB" if info["bytes"] is not None else ""
                    lines.append(f"      table {table}: {info['rows']} rows{size}")
            for st in op.statements:
                lines.append(f"      [{st.algorithm}] {st.sql}")
            if not op.statements:
                lines.append("      (no database change)")
            for warning in op.warnings:
                lines.append(f"      {warning}")
    return "\n".join(lines)
