"""Whether `migrate` has anything to do, answered without importing a single migration.

Django's migrate loads and renders every migration even when all are applied; a deploy that runs
`migrate` at every start pays for that each time. Here the migration files are listed (as Django's
loader finds them) and compared with django_migrations: if every file is recorded as applied, there
is nothing to do. Anything unusual (no recorder table, a file not recorded, a squashed migration not
yet recorded) answers False, and Django's own migrate decides.
"""

from __future__ import annotations

import importlib.util
import pkgutil

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def migration_files() -> dict[str, set[str]]:
    """App label -> names of its migration modules, for every app that has migrations."""
    found = {}
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        if module_name is None:
            continue
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            continue
        if spec is None or not spec.submodule_search_locations or spec.origin in (None, "namespace"):
            continue  # no migrations package: Django treats the app as unmigrated
        names = {
            name
            for _finder, name, is_pkg in pkgutil.iter_modules(spec.submodule_search_locations)
            if not is_pkg and name[0] not in "_~"
        }
        if names:
            found[app_config.label] = names
    return found


def nothing_to_apply(connection, files: dict[str, set[str]] | None = None) -> bool:
    """files: migration_files(), when the caller has them already."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = set(recorder.applied_migrations())
    files = migration_files() if files is None else files
    return all((label, name) in applied for label, names in files.items() for name in names)
