"""The fast path of `migrate` for an empty MariaDB database: create the final schema from a checked-in file.

Replaying every migration costs one DDL statement per operation, many of them table rebuilds; the schema
they produce is one CREATE TABLE per table. `manage.py schema_snapshot` migrates a scratch database the
normal way and writes its tables (SHOW CREATE TABLE) to SCHEMA_FILE, headed by the migrations it holds
(file hash and operation checksum each). On an empty MariaDB database whose migration files still match
that list, `migrate`:

1. notes the fast path in the lock's journal and creates the tables (foreign key checks off for the
   load, as a dump does);
2. in one transaction, walks the migration plan in Django's order: schema migrations are recorded as
   applied (with what they replace, for squashed ones), data migrations (RunPython only) run against
   their historical models exactly as a normal migrate runs them.
A process killed in step 1 or 2 leaves empty tables and no recorded migration; the next `migrate` sees
the journal, checks that those tables are still empty, drops them and starts again.

Running data migrations against the final tables is only right for tables no later migration changes
(a column added with a default afterwards, a renamed field): so each data migration runs under a guard
(`TableChanges`, `_guard`) that stops it at its first statement naming a table whose shape at that
point differs from the final one. A table's shape is what reaches the database, by Django's own rules
for what it alters (`_shape`): columns, referenced keys, indexes and constraints; not a field's verbose
name or choices, nor a constraint's violation message or code (AlterConstraint runs no SQL). Whatever
a data migration reads from the configuration (sample data on or off, an admin from the environment or
generated), it either touches only unchanged tables, and then does what a replay does, or is stopped.
Any failure of the fast path (the guard included) rolls its transaction back; migrate drops the empty
tables and replays every migration by itself.

`schema_snapshot` writes the file with `-- fast path: on` only after a database built through the fast
path (required not to fall back) matched a replayed one, table by table and row by row
(`compare_databases`), with sample data on and off; a failed or interrupted verification leaves the
file saying off, with the reason. A migration with a RunSQL or mixing schema and data operations (other
than the known harmless ones below), or views, triggers or routines, also turn it off. Anything else
(SQLite, MySQL, a stale file, a database with tables, `--fake`, a target, a router that keeps the
models off this database) replays, as does `migrate --no-fast-path`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as global_apps
from django.core.management.base import CommandError
from django.db import connections, router, transaction
from django.db.migrations import RunPython
from django.db.migrations.executor import MigrationExecutor

from erp.migration_safety import journal as op_journal
from erp.migration_safety.checksums import migration_checksum
from erp.migration_safety.django_api import project_state, recorded_names
from erp.migration_safety.history import TABLE as HISTORY_TABLE
from erp.migration_safety.journal import JOURNAL_TABLE
from erp.migration_safety.lint import DATA_OPERATIONS
from erp.migration_safety.lock import HOLDER_TABLE

SCHEMA_FILE = Path(__file__).with_name("schema_mariadb.sql")
# What the lock's journal holds while the fast path runs (a migration label otherwise).
JOURNAL_MARK = "(schema snapshot)"
# Migrations that mix schema and data operations whose data step only reads or rewrites rows an empty
# database does not have (Django's content type names; axes' duplicate access attempts).
HARMLESS_MIXED = {
    ("contenttypes", "0002_remove_content_type_name"),
    ("axes", "0007_alter_accessattempt_unique_together"),
}
_SEPARATOR = ";\n\n"
# The migration machinery's own tables (created on use, not by migrations): never part of the schema.
MACHINERY_TABLES = {HOLDER_TABLE, JOURNAL_TABLE}


def is_data_migration(migration) -> bool:
    """RunPython only: what the fast path runs. RunSQL, which Django runs outside a transaction on
    MariaDB and which may hold DDL, turns the fast path off (see blockers)."""
    return bool(migration.operations) and all(isinstance(op, RunPython) for op in migration.operations)


def blockers(plan) -> list[str]:
    """Migrations the fast path cannot reproduce by construction."""
    found = []
    for m in plan:
        data = [op for op in m.operations if isinstance(op, DATA_OPERATIONS)]
        if not data:
            continue
        label = f"{m.app_label}.{m.name}"
        if any(not isinstance(op, RunPython) for op in data):
            found.append(f"{label} runs RunSQL")
        elif len(data) < len(m.operations) and (m.app_label, m.name) not in HARMLESS_MIXED:
            found.append(f"{label} mixes schema and data operations")
    return found


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
class SchemaFile:
    server: str
    migrations: list[tuple[str, str, str]]  # (app, name, file hash)
    statements: list[str]
    checksums: dict[tuple[str, str], str]  # operation checksums, recorded in erp_migration_checksum
    off: str = ""  # why the fast path must not use this file ("" = it may)

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


def _table_definitions(connection) -> list[str]:
    with connection.cursor() as cursor:
        statements = []
        for table in sorted(connection.introspection.table_names(cursor, include_views=False)):
            if table not in MACHINERY_TABLES:
                cursor.execute(f"SHOW CREATE TABLE `{table}`")
                statements.append(_normalise(cursor.fetchone()[1]))
        return statements


def capture(using: str, plan) -> SchemaFile:
    """The snapshot of database `using`, which a normal migrate brought to the end of `plan`."""
    connection = connections[using]
    reasons = blockers(plan)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'views', COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() UNION ALL "
            "SELECT 'triggers', COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
            "UNION ALL SELECT 'routines', COUNT(*) FROM information_schema.ROUTINES "
            "WHERE ROUTINE_SCHEMA = DATABASE() UNION ALL "
            "SELECT 'events', COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()"
        )
        reasons += [f"the schema has {kind} (only tables are captured)" for kind, count in cursor.fetchall() if count]
        cursor.execute("SELECT VERSION()")
        server = cursor.fetchone()[0]
    checksums = {(m.app_label, m.name): migration_checksum(m) for m in plan}
    return SchemaFile(server=server, migrations=fingerprint(plan), statements=_table_definitions(connection),
                    checksums=checksums, off="; ".join(reasons))


def table_contents(connection) -> dict[str, list[str]]:
    """Every row of every table, minus what differs between two installs by design: dates and times,
    the generated admin password's hash, the lock's holder, the history of runs (who, how long)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE FROM information_schema.COLUMNS c "
            "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
            "WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' "
            "ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION"
        )
        kept: dict[str, list[str]] = {}
        for table, column, data_type in cursor.fetchall():
            if table in MACHINERY_TABLES or table == HISTORY_TABLE:
                continue
            kept.setdefault(table, [])
            moment = data_type in ("datetime", "timestamp", "date", "time")
            if not moment and (table, column) != ("auth_user", "password"):
                kept[table].append(f"`{column}`")
        contents = {}
        for table, columns in kept.items():
            cursor.execute(f"SELECT {', '.join(columns) or 'COUNT(*)'} FROM `{table}`")
            contents[table] = sorted(repr(row) for row in cursor.fetchall())
        return contents


def compare_databases(replayed, loaded) -> list[str]:
    """How a database built by the fast path differs from one built by replaying (connections)."""
    differences = []
    a, b = set(_table_definitions(replayed)), set(_table_definitions(loaded))
    for statement in sorted(a ^ b):
        name = re.match(r"CREATE TABLE IF NOT EXISTS `([^`]+)`", statement).group(1)
        differences.append(f"table {name} is defined differently")
    rows_a, rows_b = table_contents(replayed), table_contents(loaded)
    for table in sorted(set(rows_a) | set(rows_b)):
        if rows_a.get(table) != rows_b.get(table):
            differences.append(f"rows of {table} differ")
    return differences


def render(snapshot: SchemaFile) -> str:
    lines = [
        "-- The schema `manage.py migrate` creates, loaded by migrate's fast path for an empty MariaDB",
        "-- database (erp/migration_safety/fast_path.py). Written by `manage.py schema_snapshot`: do not edit.",
        f"-- server: {snapshot.server}",
        f"-- fast path: {'off: ' + snapshot.off if snapshot.off else 'on'}",
    ]
    lines += [
        f"-- migration: {app} {name} {digest} {snapshot.checksums[app, name]}"
        for app, name, digest in snapshot.migrations
    ]
    return "\n".join(lines) + "\n\n" + "".join(s + _SEPARATOR for s in snapshot.statements)


def read(path: Path = SCHEMA_FILE) -> SchemaFile | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    server, found, checksums, body, off = "", [], {}, [], ""
    for line in text.splitlines(keepends=True):
        if line.startswith("-- server: "):
            server = line[len("-- server: "):].strip()
        elif line.startswith("-- fast path: off: "):
            off = line[len("-- fast path: off: "):].strip()
        elif line.startswith("-- migration: "):
            app, name, digest, checksum = line[len("-- migration: "):].split()
            found.append((app, name, digest))
            checksums[app, name] = checksum
        elif not line.startswith("--"):
            body.append(line)
    statements = [s.strip() for s in "".join(body).split(_SEPARATOR) if s.strip()]
    return SchemaFile(server=server, migrations=found, statements=statements, checksums=checksums, off=off)


# What Django never sends to the database: a change of these alone emits no SQL (the schema editor's
# _field_should_be_altered, the autodetector's AlterConstraint), so it is no change of a table. Django's own
# lists (Field.non_db_attrs, BaseConstraint.non_db_attrs) are added per object; comments are left out too:
# they reach the table but change nothing a data migration's statements do.
_NOT_SCHEMA = {"verbose_name", "help_text", "choices", "validators", "editable", "blank", "error_messages",
               "limit_choices_to", "related_name", "related_query_name", "on_delete", "db_comment",
               "db_column",  # compared as the column's name, below
               "to", "to_field"}  # compared as the referenced table and column's definition, below
_NOT_SCHEMA_OF_CONSTRAINT = {"violation_error_message", "violation_error_code"}
_SCHEMA_OPTIONS = ("db_table", "managed")
_TOGETHER_OPTIONS = ("unique_together", "index_together")


def _table_of(app_label: str, model_state) -> str:
    return model_state.options.get("db_table") or f"{app_label}_{model_state.name_lower}"


def _kwargs(kwargs: dict, ignored) -> str:
    return repr(sorted((k, repr(v)) for k, v in kwargs.items() if k not in ignored))


def _referenced(state, field, depth: int = 0):
    """The table and column definition a relation's column takes its type from (the target's key), or
    None when the target is not in the state (then only its name counts)."""
    target = field.remote_field.model
    if not isinstance(target, str):
        target = f"{target._meta.app_label}.{target._meta.model_name}"
    app_label, _, model_name = target.lower().partition(".")
    model_state = state.models.get((app_label, model_name))
    if model_state is None:
        return (target.lower(),)
    to_field = getattr(field, "to_fields", None) or [getattr(field.remote_field, "field_name", None)]
    key = None
    for name, candidate in model_state.fields.items():
        if (name == to_field[0]) if to_field[0] else candidate.primary_key:
            key = (name, candidate)
            break
    if key is None:
        return (_table_of(app_label, model_state),)
    return (_table_of(app_label, model_state), *_column(state, key[0], key[1], depth + 1))


def _column(state, name: str, field, depth: int = 0) -> tuple:
    """A field as the database sees it: column name, field class and the options that reach the column,
    and for a relation the definition of the key it refers to (a referenced key widened later changes
    the referencing column too)."""
    _name, path, args, kwargs = field.deconstruct()
    ignored = _NOT_SCHEMA.union(getattr(field, "non_db_attrs", ()))
    referenced = ()
    if getattr(field, "remote_field", None) is not None and depth < 5:
        referenced = _referenced(state, field, depth)
    return (getattr(field, "db_column", None) or name, path, repr(args), _kwargs(kwargs, ignored), referenced)


def _index_like(objects) -> tuple:
    """Indexes or constraints by what reaches the database: their deconstruction minus messages and codes,
    in no particular order."""
    found = []
    for item in objects or ():
        path, args, kwargs = item.deconstruct()
        ignored = _NOT_SCHEMA_OF_CONSTRAINT.union(getattr(item, "non_db_attrs", ()))
        found.append((path, repr(args), _kwargs(kwargs, ignored)))
    return tuple(sorted(found))


def _shape(model_state, state) -> tuple:
    """What of a model state reaches its table(s), as Django's schema editor decides what to alter: each
    column's definition (not its field's Python-only options), keys referenced, indexes and constraints
    (not their messages) and the table options. `state` is the project state holding the model (it
    resolves relations)."""
    fields = [_column(state, name, field) for name, field in model_state.fields.items()]
    options = [(key, repr(model_state.options.get(key))) for key in _SCHEMA_OPTIONS]
    options += [(key, repr(sorted(tuple(t) for t in model_state.options.get(key) or ()))) for key in _TOGETHER_OPTIONS]
    options += [(key, _index_like(model_state.options.get(key))) for key in ("indexes", "constraints")]
    return tuple(sorted(fields)), tuple(options)


def tables_of(app_label: str, model_state) -> set[str]:
    """The model's table and its many-to-many tables, by the names its SQL would use."""
    table = _table_of(app_label, model_state)
    names = {table}
    for name, field in model_state.fields.items():
        if getattr(field, "many_to_many", False):
            names.add(getattr(field, "db_table", None) or f"{table}_{name}")
    return names


class TableChanges:
    """Whether a table of project state `state` differs in the database from the final state's (changed,
    renamed or removed by a later migration): a data migration that runs at `state` must not touch it
    when the fast path has created the final tables. Decided per table on first use (the guard asks only
    about the tables a data migration's statements name); the final state's shapes can be shared."""

    def __init__(self, state, final, final_shapes: dict | None = None):
        self.state, self.final = state, final
        self.final_shapes = {} if final_shapes is None else final_shapes
        self.owners = {}  # table name (lower case) -> model key in `state`
        for key, model_state in state.models.items():
            for table in tables_of(key[0], model_state):
                self.owners[table.lower()] = key
        self._memo: dict = {}

    def changed(self, table: str) -> bool:
        key = self.owners.get(table.lower())
        if key is None:
            return False
        if key not in self._memo:
            self._memo[key] = self._differs(key)
        return self._memo[key]

    def _differs(self, key) -> bool:
        app_label = key[0]
        model_state, later = self.state.models[key], self.final.models.get(key)
        if later is None or _table_of(app_label, later) != _table_of(app_label, model_state):
            return True
        if key not in self.final_shapes:
            self.final_shapes[key] = _shape(later, self.final)
        return self.final_shapes[key] != _shape(model_state, self.state)


def changed_tables(state, final) -> set[str]:
    """Every table of `state` that TableChanges says differs from the final state's."""
    changes = TableChanges(state, final)
    return {table for table in changes.owners if changes.changed(table)}


class UnsoundFastPath(Exception):
    """A data migration touched a table that later migrations change: on the final tables it would not do
    what it does in a replay. The fast path's transaction is rolled back and migrate replays."""


def _guard(label: str, changes: TableChanges):
    """An execute wrapper that stops a data migration at its first statement naming a changed table."""

    def guard(execute, sql, params, many, context):
        named = {w for w in {w.lower() for w in re.findall(r"[A-Za-z0-9_$]+", str(sql))} if changes.changed(w)}
        if named:
            raise UnsoundFastPath(
                f"{label} uses {', '.join(sorted(named))}, which later migrations change"
            )
        return execute(sql, params, many, context)

    return guard


def stale_reason(snapshot: SchemaFile | None, plan) -> str | None:
    """Why the snapshot does not describe these migrations, or None when it does."""
    if snapshot is None:
        return f"{SCHEMA_FILE.name} is missing"
    expected = fingerprint(plan)
    if set(snapshot.migrations) == set(expected):
        return None
    on_disk, in_file = set(expected), set(snapshot.migrations)
    changed = sorted(f"{a}.{n}" for a, n, _ in on_disk ^ in_file)
    more = " ..." if len(changed) > 5 else ""
    return f"{SCHEMA_FILE.name} does not match the migrations ({', '.join(changed[:5])}{more})"


# Reasons for not taking the fast path that are not worth a word: the database is simply not new.
NOT_EMPTY_REASONS = ("not MariaDB", "migrations are recorded", "the database has tables")


def applies(using: str, executor: MigrationExecutor, plan, path: Path | None = None) -> tuple[SchemaFile | None, str]:
    """(the snapshot to load into the empty database `using`, "") or (None, why not)."""
    connection = connections[using]
    if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
        return None, "not MariaDB"
    if executor.loader.applied_migrations:
        return None, "migrations are recorded"
    with connection.cursor() as cursor:
        if set(connection.introspection.table_names(cursor)) - MACHINERY_TABLES:
            return None, "the database has tables"
    snapshot = read(path or SCHEMA_FILE)
    reason = stale_reason(snapshot, plan) or snapshot.off
    if reason:
        return None, reason
    if not all(router.allow_migrate_model(using, model) for model in global_apps.get_models(include_auto_created=True)):
        return None, "the database router keeps some models off this database"
    return snapshot, ""


def clear_interrupted(using: str, say) -> None:
    """After a fast path killed before its commit: drop the tables it created, once proven empty.

    Nothing is recorded and the database had no table when it started, so every table here is one it
    created; its data transaction never committed, so they hold no row. A table with a row means
    something else wrote here: then nothing is dropped and migrate stops.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = sorted(set(connection.introspection.table_names(cursor, include_views=False)) - MACHINERY_TABLES)
        filled = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM `{table}` LIMIT 1")
            if cursor.fetchone():
                filled.append(table)
        if filled:
            raise CommandError(
                "an interrupted fast path left tables, but these now hold rows, so they are not dropped: "
                + ", ".join(filled[:10]) + ". Nothing was changed; see docs/migrations.md."
            )
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            for table in tables:
                cursor.execute(f"DROP TABLE `{table}`")
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")
    say(f"  An interrupted fast path left {len(tables)} empty tables and no recorded migration: dropped them.")


def load(using: str, executor: MigrationExecutor, plan, snapshot: SchemaFile, journal, say):
    """Create the tables, then record schema migrations and run data migrations in one transaction.

    A data migration runs against the final tables, not the ones it was written for. That is the same
    only for tables no later migration changes: each data migration runs under a guard that stops it at
    its first statement naming any other table (UnsoundFastPath; whatever the configuration makes it do,
    sample data on or off, an admin from the environment or generated). Any failure rolls the transaction
    back and leaves empty tables, which the caller drops before replaying.

    Returns the final project state, rendered (what post_migrate gets, as after a replay)."""
    connection = connections[using]
    journal(JOURNAL_MARK)
    say(f"  Empty database: creating {len(snapshot.statements)} tables from {SCHEMA_FILE.name} "
        f"(the schema of {len(plan)} migrations).")
    op_journal.ensure_table(connection)  # as a replay leaves it (machinery, not schema)
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            for statement in snapshot.statements:
                cursor.execute(statement)
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")
    schema = 0
    records = []  # rows of django_migrations, written in plan order (same ids as a replay), in batches

    def write_records():
        executor.recorder.migration_qs.bulk_create(records)
        records.clear()

    with transaction.atomic(using=using):
        # The state is never rendered as a whole while walking: only the historical models a data
        # migration asks for are built, from the state at that point (re-rendering after every operation,
        # as Django's executor does, is what makes a replay slow).
        state = project_state(executor, with_applied_migrations=False)
        final, final_shapes = None, {}
        for migration in plan:
            if is_data_migration(migration):
                write_records()
                if final is None:
                    final = executor.loader.project_state()
                guard = _guard(f"{migration.app_label}.{migration.name}", TableChanges(state, final, final_shapes))
                with connection.execute_wrapper(guard):
                    state = executor.apply_migration(state, migration)  # renders the state if it is not
            else:
                state.__dict__.pop("apps", None)  # rendered for an earlier data migration: drop, not update
                state = migration.mutate_state(state, preserve=False)
                for app_label, name in recorded_names(migration):
                    records.append(executor.recorder.Migration(app=app_label, name=name))
                schema += 1
        write_records()
        executor.check_replacements()  # records a squashed migration once all it replaces is
        executor.loader.applied_migrations = executor.recorder.applied_migrations()
    journal(None)
    say(f"  Recorded {schema} schema migrations as applied.")
    state.__dict__.pop("apps", None)
    return state
