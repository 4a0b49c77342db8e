"""The complete SQL of a migrate plan, forwards or backwards, for a DBA who applies it by hand (as Liquibase's
`updateSQL`): no scratch database, nothing changed; the live database is only read for what is applied.

Each migration's statements come from Django's schema editor collecting instead of executing (as
`sqlmigrate` does), against the state the migration starts from, followed by the statement that records it in
(or removes it from) django_migrations, so that `migrate` afterwards knows it ran. A RunPython operation
cannot be written as SQL: Django's marker comment stands in its place, and the migration is flagged.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.migrations.operations.special import RunPython
from django.db.models import Index, UniqueConstraint

from erp.migration_safety.pending import migrate_plan


def _entry(columns, *, primary_key=False, unique=False, index=False, foreign_key=None, check=False, type_=None):
    return {"columns": list(columns), "primary_key": primary_key, "unique": unique, "index": index,
            "foreign_key": foreign_key, "check": check, "type": type_, "orders": [], "definition": None,
            "options": None}


def expected_constraints(editor, model) -> dict:
    """The constraints Django creates for `model`'s table, under the names it gives them: what introspection
    would find once the migrations before this point had run."""
    meta = model._meta
    table = meta.db_table
    found = {}
    for f in meta.local_concrete_fields:
        if f.primary_key:
            found["PRIMARY"] = _entry([f.column], primary_key=True, unique=True, index=True, type_=Index.suffix)
        elif f.unique:
            found[f.column] = _entry([f.column], unique=True, index=True, type_=Index.suffix)
        if f.remote_field and f.db_constraint and editor.connection.features.supports_foreign_keys:
            name = str(editor._fk_constraint_name(model, f, "_fk_%(to_table)s_%(to_column)s"))
            target = (f.target_field.model._meta.db_table, f.target_field.column)
            found[name] = _entry([f.column], index=True, foreign_key=target, type_=Index.suffix)
        elif editor._field_should_be_indexed(model, f):
            found[editor._create_index_name(table, [f.column], suffix="")] = _entry(
                [f.column], index=True, type_=Index.suffix)
    for fields in meta.unique_together:
        columns = [meta.get_field(name).column for name in fields]
        found[editor._create_index_name(table, columns, suffix="_uniq")] = _entry(
            columns, unique=True, index=True, type_=Index.suffix)
    for index in meta.indexes:
        columns = [meta.get_field(name.lstrip("-")).column for name in index.fields]
        found[index.name] = _entry(columns, index=True, type_=Index.suffix)
    for constraint in meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            columns = [meta.get_field(name).column for name in constraint.fields]
            found[constraint.name] = _entry(columns, unique=True, index=True, type_=Index.suffix)
        else:
            found[constraint.name] = _entry([], check=True)
    return found


_INTROSPECTING = ("_constraint_names", "_create_missing_fk_index")


@contextmanager
def tables_not_yet_created_from_state(connection):
    """Collecting the SQL of a plan: for a table an earlier migration of the plan creates (it is not in the
    database yet), the schema editor's introspection of its constraints answers from the migration state
    instead of failing (MySQL/MariaDB: 1146 table doesn't exist). Tables that exist are introspected."""
    with connection.cursor() as cursor:
        live = set(connection.introspection.table_names(cursor))
    editor_class = connection.SchemaEditorClass
    original_get = connection.introspection.get_constraints
    current = {}

    def introspecting(method):
        def wrapper(self, model, *args, **kwargs):
            current.update(editor=self, model=model)
            try:
                return method(self, model, *args, **kwargs)
            finally:
                current.clear()
        return wrapper

    def get_constraints(cursor, table_name):
        model = current.get("model")
        if table_name in live or model is None or model._meta.db_table != table_name:
            return original_get(cursor, table_name)
        return expected_constraints(current["editor"], model)

    # The schema editor's methods that introspect a model's table: Django's own lookup of constraint names,
    # and on MySQL/MariaDB the index a foreign key needs when a constraint or index is removed.
    wrapped = [name for name in _INTROSPECTING if hasattr(editor_class, name)]
    originals = {name: editor_class.__dict__.get(name) for name in wrapped}
    for name in wrapped:
        setattr(editor_class, name, introspecting(getattr(editor_class, name)))
    connection.introspection.get_constraints = get_constraints
    try:
        yield
    finally:
        for name, original in originals.items():
            if original is None:
                delattr(editor_class, name)
            else:
                setattr(editor_class, name, original)
        del connection.introspection.get_constraints


@dataclass
class MigrationSQL:
    migration: str  # "app.name"
    backwards: bool
    statements: list[str] = field(default_factory=list)
    python: list[str] = field(default_factory=list)  # descriptions of operations SQL cannot express


def _collect_sql(loader, connection, migration, backwards: bool) -> list:
    """MigrationLoader.collect_sql for one migration, with the state rendered before the first operation,
    as Django's executor renders it for a migrate. Unrendered (as collect_sql and sqlmigrate leave it),
    each operation renders the state after it before the state before it, and SQLite's rebuild of an
    altered table then puts the altered column first, where a migrate puts it last."""
    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
        state = loader.project_state((migration.app_label, migration.name), at_end=False)
        state.apps  # noqa: B018
        if backwards:
            migration.unapply(state, editor, collect_sql=True)
        else:
            migration.apply(state, editor, collect_sql=True)
    return editor.collected_sql


def plan_sql(executor, app_label: str | None = None, migration_name: str | None = None) -> list[MigrationSQL]:
    connection = executor.connection
    qn = connection.ops.quote_name
    table = qn(executor.recorder.Migration._meta.db_table)
    quote_value = connection.schema_editor().quote_value
    result = []
    plan = migrate_plan(executor, app_label, migration_name)
    if plan and not executor.recorder.has_table():
        # The history table Django creates before the first migration (so does this SQL).
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            editor.create_model(executor.recorder.Migration)
        result.append(MigrationSQL("django_migrations", False, [str(s) for s in editor.collected_sql]))
    for migration, backwards in plan:
        with tables_not_yet_created_from_state(connection):
            statements = [str(s) for s in _collect_sql(executor.loader, connection, migration, backwards)]
        app, name = (quote_value(v) for v in (migration.app_label, migration.name))
        if backwards:
            record = f"DELETE FROM {table} WHERE {qn('app')} = {app} AND {qn('name')} = {name};"
        else:
            record = (f"INSERT INTO {table} ({qn('app')}, {qn('name')}, {qn('applied')}) "
                      f"VALUES ({app}, {name}, CURRENT_TIMESTAMP);")
        # Inside the migration's transaction when it has one (SQLite: BEGIN; ... COMMIT;).
        end = connection.ops.end_transaction_sql()
        if statements and statements[-1].strip() == end:
            statements.insert(len(statements) - 1, record)
        else:
            statements.append(record)
        operations = reversed(migration.operations) if backwards else migration.operations
        python = [op.describe() for op in operations if isinstance(op, RunPython)]
        result.append(MigrationSQL(f"{migration.app_label}.{migration.name}", backwards, statements, python))
    return result


def render(plan: list[MigrationSQL], database: str) -> str:
    if not plan:
        return "-- No migrations to apply."
    count = sum(m.migration != "django_migrations" for m in plan)
    lines = [f"-- Complete SQL of this migrate plan for database {database}: {count} migration(s)."]
    flagged = [m.migration for m in plan if m.python]
    if flagged:
        lines.append(
            "-- WARNING: " + ", ".join(flagged) + " use Python code, which this SQL cannot contain (marked below): "
            "apply those with `manage.py migrate` instead."
        )
    for m in plan:
        lines.append("")
        if m.migration == "django_migrations":
            lines.append("-- Create the migration history table, django_migrations")
        else:
            lines.append(f"-- {'Unapply' if m.backwards else 'Apply'} {m.migration}")
        lines.extend(m.statements)
    return "\n".join(lines)
