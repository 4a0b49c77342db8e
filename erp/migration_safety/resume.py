"""Finish a migration that a previous `migrate` started and did not record (it was killed or failed).

On MySQL/MariaDB every DDL statement commits by itself (and is atomic in MariaDB 10.6+), so such a
migration has run a prefix of its statements. Only the migration named in the lock's journal is
treated this way, so a table that merely happens to exist (e.g. a legacy database) still fails loudly.

How: the migration's statements are generated again (as sqlmigrate does); the last one whose effect is
verifiably in the live schema marks how far the interrupted run got. Statements up to it, and data
operations (RunPython/RunSQL) before it, are skipped; the rest runs. A statement that still fails
because its object exists is skipped only when introspection shows the object with the expected shape.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.migrations.operations.special import RunPython, RunSQL

from erp.migration_safety.ddl_effects import LiveSchema, statement_done


def _normalised_sql(sql: str) -> str:
    return str(sql).strip().rstrip(";").strip()


@dataclass
class Step:
    operation: int  # index in migration.operations
    sql: str | None  # None: a data operation (RunPython/RunSQL), which runs in order with the SQL


@dataclass
class ResumePoint:
    steps: list[Step]
    done_upto: int  # index of the last step verifiably done, -1 when none
    skipped: list[str] = field(default_factory=list)


def migration_steps(connection, loader, migration) -> list[Step]:
    """The migration's statements in execution order (deferred ones last), with its data operations."""
    state = loader.project_state((migration.app_label, migration.name), at_end=False)
    steps: list[Step] = []
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        for index, operation in enumerate(migration.operations):
            new_state = state.clone()
            operation.state_forwards(migration.app_label, new_state)
            if isinstance(operation, (RunPython, RunSQL)):
                steps.append(Step(index, None))
            else:
                before = len(editor.collected_sql)
                operation.database_forwards(migration.app_label, editor, state, new_state)
                steps.extend(Step(index, sql) for sql in editor.collected_sql[before:])
            state = new_state
        deferred_from = len(editor.collected_sql)
    steps.extend(Step(len(migration.operations), sql) for sql in editor.collected_sql[deferred_from:])
    return steps


def find_resume_point(connection, loader, migration) -> ResumePoint:
    steps = migration_steps(connection, loader, migration)
    live = LiveSchema(connection)
    done_upto = -1
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].sql is not None and statement_done(connection, steps[index].sql, live) is True:
            done_upto = index
            break
    return ResumePoint(steps, done_upto)


def resuming_editor_class(base):
    """A schema editor that skips the statements already run and verified-present objects."""

    class ResumingSchemaEditor(base):
        skip: Counter
        skipped: list

        def execute(self, sql, params=()):
            text = _normalised_sql(sql if not params else str(sql) % tuple(map(self.quote_value, params)))
            if self.skip.get(text):
                self.skip[text] -= 1
                self.skipped.append(text)
                return None
            try:
                return super().execute(sql, params)
            except DatabaseError:
                if statement_done(self.connection, text) is True:
                    self.skipped.append(text)
                    return None
                raise

    return ResumingSchemaEditor


def resume_migration(connection, loader, migration) -> ResumePoint:
    """Run what is left of `migration` (not recorded here: the caller records it)."""
    point = find_resume_point(connection, loader, migration)
    done = point.steps[: point.done_upto + 1]
    # A data operation that sits before the last statement done ran before it: it is not repeated.
    data_done = {s.operation for s in done if s.sql is None}
    editor = resuming_editor_class(connection.SchemaEditorClass)(connection, atomic=False)
    editor.skip = Counter(_normalised_sql(s.sql) for s in done if s.sql is not None)
    editor.skipped = point.skipped
    state = loader.project_state((migration.app_label, migration.name), at_end=False)
    with editor:
        for index, operation in enumerate(migration.operations):
            new_state = state.clone()
            operation.state_forwards(migration.app_label, new_state)
            if isinstance(operation, (RunPython, RunSQL)):
                if index not in data_done:
                    if operation.atomic or (migration.atomic and operation.atomic is not False):
                        with transaction.atomic(connection.alias):
                            operation.database_forwards(migration.app_label, editor, state, new_state)
                    else:
                        operation.database_forwards(migration.app_label, editor, state, new_state)
            else:
                operation.database_forwards(migration.app_label, editor, state, new_state)
            state = new_state
    return point
