"""What a backwards `migrate` would drop that holds data, found before anything is unapplied.

Unapplying a migration reverses its operations: a `CreateModel` becomes a DROP TABLE (with the tables of
its many-to-many fields), an `AddField` a DROP COLUMN (or the DROP TABLE of a many-to-many's table).
`at_risk()` walks the backwards part of a plan and counts, in the database as it is now, the rows of each
such table and the non-NULL values of each such column. `migrate` stops on any and names them unless it is
given `--allow-data-loss`.

Counted before the first migration is unapplied: rows that a reversed data migration would delete first
(the sample catalogue, say) count too. That errs on the safe side, and the flag is there for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import migrations as ops


@dataclass(frozen=True)
class Drop:
    migration: str  # "app.name" whose unapplying drops it
    table: str
    column: str | None  # None: the whole table
    rows: int  # rows of the table, or non-NULL values of the column

    def __str__(self) -> str:
        if self.column is None:
            return f"table {self.table} ({self.rows} rows, by unapplying {self.migration})"
        return f"column {self.table}.{self.column} ({self.rows} values, by unapplying {self.migration})"


def _database_operations(operations):
    for operation in operations:
        if isinstance(operation, ops.SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation


def _m2m_tables(model) -> list[str]:
    return [
        f.remote_field.through._meta.db_table
        for f in model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]


def drops_of(loader, migration) -> list[tuple[str, str | None]]:
    """(table, column or None) that unapplying `migration` drops, named as its own state names them."""
    app = migration.app_label
    state = loader.project_state((app, migration.name), at_end=False)
    found = []
    for operation in _database_operations(migration.operations):
        after = state.clone()
        operation.state_forwards(app, after)
        if isinstance(operation, ops.CreateModel):
            model = after.apps.get_model(app, operation.name)
            if model._meta.managed and not model._meta.proxy:
                found += [(model._meta.db_table, None)] + [(t, None) for t in _m2m_tables(model)]
        elif isinstance(operation, ops.AddField):
            model = after.apps.get_model(app, operation.model_name)
            field = model._meta.get_field(operation.name)
            if field.many_to_many:
                if field.remote_field.through._meta.auto_created:
                    found.append((field.remote_field.through._meta.db_table, None))
            elif field.column:
                found.append((model._meta.db_table, field.column))
        state = after
    return found


def at_risk(connection, loader, plan) -> list[Drop]:
    """The tables and columns holding data that the backwards migrations of `plan` would drop."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        found = []
        for migration, backwards in plan:
            if not backwards:
                continue
            label = f"{migration.app_label}.{migration.name}"
            for table, column in drops_of(loader, migration):
                if table not in existing:
                    continue
                if column is None:
                    cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
                else:
                    columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
                    if column not in columns:
                        continue
                    cursor.execute(f"SELECT COUNT(*) FROM {qn(table)} WHERE {qn(column)} IS NOT NULL")
                rows = cursor.fetchone()[0]
                if rows:
                    found.append(Drop(label, table, column, rows))
    return found


def refusal(found: list[Drop]) -> str:
    named = "; ".join(str(d) for d in found)
    return (
        f"This backwards migrate would drop data: {named}. Nothing was changed. Keep a copy first "
        "(`migrate ... --backup PATH` writes one before changing anything), then add --allow-data-loss "
        "to go ahead."
    )
