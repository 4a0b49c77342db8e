"""The private parts of Django's migration machinery that this project calls, each in one place.

Django changes these between releases without notice (6.1 changed `MigrationExecutor.record_migration`
from `(migration)` to `(app_label, name, forward=True)`), so nothing else calls them: a release that
changes one breaks one function here, which both CI legs (Django 5.2 and 6.1) exercise.
docs/development.md lists every Django internal the project uses, with the versions CI runs it on.
"""

from __future__ import annotations


def recorded_names(migration) -> list[tuple[str, str]]:
    """The (app, name) rows applying `migration` records, as the executor does: a squashed migration records
    each migration it replaces (the executor's `check_replacements` then records the squash)."""
    return list(migration.replaces or [(migration.app_label, migration.name)])


def record_applied(executor, migration) -> None:
    """Record `migration` as applied, as the executor does after applying it."""
    for app_label, name in recorded_names(migration):
        executor.recorder.record_applied(app_label, name)


def project_state(executor, *, with_applied_migrations: bool):
    """The project state before the plan runs: all applied migrations' state, or the empty one."""
    return executor._create_project_state(with_applied_migrations=with_applied_migrations)
