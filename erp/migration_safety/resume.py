"""Finish a migration that a previous `migrate` started and did not record (it was killed or failed).

On MySQL/MariaDB every DDL statement commits by itself (and is atomic in MariaDB 10.6+), so such a
migration has run a prefix of its statements. Only the migration named in the lock's note is treated
this way, so a table that merely happens to exist (e.g. a legacy database) still fails loudly.

How: the migration's statements are generated again (as sqlmigrate does), each with its operation and
ordinal. What committed is known from the operation journal (erp.migration_safety.journal): journaled
statements and finished operations (RunPython included) are skipped, exactly; the first statement after
them is skipped too when introspection shows its effect with the expected shape (a kill between its
commit and its journal row). Without a journal (a run of an older version), the last statement whose
effect is verifiably in the live schema marks how far the interrupted run got. The rest runs, journaled
in turn. A statement that still fails because its object exists is skipped only when introspection shows
the object with the expected shape.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.migrations.operations.special import RunPython, RunSQL

from erp.migration_safety import journal as op_journal
from erp.migration_safety.ddl_effects import LiveSchema, classify, statement_done

_normalised_sql = op_journal.normalised_sql


@dataclass
class Step:
    operation: int  # index in the migration's (original) operations; len(operations) for deferred SQL
    sql: str | None  # None: a data operation (RunPython/RunSQL), which runs in order with the SQL
    ordinal: int = 0  # position among the statements of its operation


@dataclass
class ResumePoint:
    steps: list[Step]
    done: list[Step]  # steps that committed before
    skipped: list[str] = field(default_factory=list)
    from_journal: bool = False

    @property
    def data_done(self) -> int:
        return sum(1 for s in self.done if s.sql is None)


def migration_steps(connection, loader, migration) -> list[Step]:
    """The migration's statements in execution order (deferred ones last), with its data operations."""
    state = loader.project_state((migration.app_label, migration.name), at_end=False)
    steps: list[Step] = []
    operations = op_journal.original_operations(migration)
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        for index, operation in enumerate(operations):
            new_state = state.clone()
            operation.state_forwards(migration.app_label, new_state)
            if isinstance(operation, (RunPython, RunSQL)):
                steps.append(Step(index, None))
            else:
                before = len(editor.collected_sql)
                operation.database_forwards(migration.app_label, editor, state, new_state)
                steps.extend(Step(index, _normalised_sql(sql), n)
                             for n, sql in enumerate(editor.collected_sql[before:]))
            state = new_state
        deferred_from = len(editor.collected_sql)
    steps.extend(Step(len(operations), _normalised_sql(sql), n)
                 for n, sql in enumerate(editor.collected_sql[deferred_from:]))
    return steps


def _is_modify(sql: str) -> bool:
    found = classify(sql)
    return bool(found) and found[0] == "modify_column"


def find_resume_point(connection, loader, migration) -> ResumePoint:
    steps = migration_steps(connection, loader, migration)
    live = LiveSchema(connection)
    journaled = op_journal.done(connection, migration.app_label, migration.name)
    if journaled:
        done = []
        for step in steps:
            if step.operation in journaled.operations or (
                step.sql is not None and journaled.statements.get((step.operation, step.ordinal)) == step.sql
            ):
                done.append(step)
                continue
            # The first step not journaled: a statement may have committed just before the process died.
            if step.sql is not None and statement_done(connection, step.sql, live) is True:
                done.append(step)
            break
        return ResumePoint(steps, done, from_journal=True)
    done_upto = -1
    for index in range(len(steps) - 1, -1, -1):
        # A MODIFY whose column already has its shape proves nothing about the steps before it (the column
        # may have had that shape all along): it is not taken as a resume point.
        sql = steps[index].sql
        if sql is not None and not _is_modify(sql) and statement_done(connection, sql, live) is True:
            done_upto = index
            break
    return ResumePoint(steps, steps[: done_upto + 1])


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
                self.journal_skipped(text)
                return None
            try:
                return super().execute(sql, params)
            except DatabaseError:
                if statement_done(self.connection, text) is True:
                    self.skipped.append(text)
                    self.journal_skipped(text)
                    return None
                raise

        def journal_skipped(self, text):
            """A skipped statement still counts in its operation (so a later resume lines up)."""
            journal = getattr(self, "journal", None)
            if journal is not None and journal.migration is not None:
                journal.statement_done(text)

    return ResumingSchemaEditor


def resume_migration(connection, loader, migration, journal: op_journal.Journal | None = None) -> ResumePoint:
    """Run what is left of `migration` (not recorded here: the caller records it), journaling as it goes."""
    point = find_resume_point(connection, loader, migration)
    done = point.done
    data_done = {s.operation for s in done if s.sql is None}
    base = connection.SchemaEditorClass
    editor = resuming_editor_class(base)(connection, atomic=False)
    editor.skip = Counter(s.sql for s in done if s.sql is not None)
    editor.skipped = point.skipped
    editor.journal = journal
    if journal is not None:
        journal.begin(migration)
    state = loader.project_state((migration.app_label, migration.name), at_end=False)
    operations = op_journal.original_operations(migration)
    with editor:
        for index, operation in enumerate(operations):
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


def undo_migration(connection, loader, migration) -> list[str]:
    """Undo what committed of a half-applied `migration` (a `migrate app <earlier>` past it): each
    operation with a committed step is reversed, last first. An operation that committed only part of
    its statements is reversed tolerantly (a DROP of what it never created is skipped). Returns the
    undone operations' descriptions. Raises IrreversibleError for an operation that cannot be reversed."""
    from django.db.migrations.exceptions import IrreversibleError

    point = find_resume_point(connection, loader, migration)
    operations = op_journal.original_operations(migration)
    journaled = op_journal.done(connection, migration.app_label, migration.name)
    steps_of: dict[int, list[Step]] = {}
    for step in point.steps:
        steps_of.setdefault(step.operation, []).append(step)
    done_ids = {id(s) for s in point.done}
    touched = sorted({s.operation for s in point.done if s.operation < len(operations)})
    states, state = [], loader.project_state((migration.app_label, migration.name), at_end=False)
    for operation in operations:
        new_state = state.clone()
        operation.state_forwards(migration.app_label, new_state)
        states.append((state, new_state))
        state = new_state
    for index in touched:
        if not operations[index].reversible:
            raise IrreversibleError(f"operation {index + 1} of {migration.app_label}.{migration.name} "
                                    f"({operations[index].describe()}) is not reversible")
    undone = []
    editor = tolerant_editor_class(connection.SchemaEditorClass)(connection, atomic=False)
    with editor:
        for index in reversed(touched):
            operation = operations[index]
            before, after = states[index]
            full = index in journaled.operations or all(id(s) in done_ids for s in steps_of.get(index, []))
            editor.tolerant = not full
            if isinstance(operation, (RunPython, RunSQL)) and (
                operation.atomic or (migration.atomic and operation.atomic is not False)
            ):
                with transaction.atomic(connection.alias):
                    operation.database_backwards(migration.app_label, editor, after, before)
            else:
                operation.database_backwards(migration.app_label, editor, after, before)
            undone.append(operation.describe() + ("" if full else " (partly applied)"))
        editor.tolerant = False
    return undone


# MySQL/MariaDB errors of a DROP whose object is not there: 1091 can't DROP, 1051 unknown table,
# 1146 table doesn't exist, 1054 unknown column.
_ABSENT = {1091, 1051, 1146, 1054}


def tolerant_editor_class(base):
    class TolerantSchemaEditor(base):
        tolerant = False

        def execute(self, sql, params=()):
            try:
                return super().execute(sql, params)
            except DatabaseError as exc:
                code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
                if self.tolerant and code in _ABSENT:
                    return None
                raise

    return TolerantSchemaEditor
