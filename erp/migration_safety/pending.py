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
from django.conf import settings
from django.core.management.base import CommandError
from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.models import CreateModel
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


def migrate_plan(executor, app_label: str | None = None, migration_name: str | None = None) -> list:
    """The plan `migrate [app_label] [migration_name]` runs: [(migration, backwards)], forwards or backwards.

    Refuses what Django's migrate refuses, in its words: an inconsistent history
    (InconsistentMigrationHistory), conflicting leaves, an unknown app or one without migrations, a
    migration name that matches none or several (CommandError).
    """
    loader = executor.loader
    loader.check_consistent_history(executor.connection)
    conflicts = loader.detect_conflicts()
    if conflicts:
        names = "; ".join("%s in %s" % (", ".join(sorted(n)), app) for app, n in sorted(conflicts.items()))
        raise CommandError(
            "Conflicting migrations detected; multiple leaf nodes in the migration graph: (%s).\n"
            "To fix them run 'python manage.py makemigrations --merge'" % names
        )
    if app_label:
        try:
            apps.get_app_config(app_label)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if app_label not in loader.migrated_apps:
            raise CommandError(f"App '{app_label}' does not have migrations.")
    if app_label and migration_name:
        if migration_name == "zero":
            return executor.migration_plan([(app_label, None)])
        try:
            target = (app_label, loader.get_migration_by_prefix(app_label, migration_name).name)
        except AmbiguityError:
            raise CommandError(
                f"More than one migration matches '{migration_name}' in app '{app_label}'. Please be more specific."
            ) from None
        except KeyError:
            raise CommandError(
                f"Cannot find a migration matching '{migration_name}' from app '{app_label}'."
            ) from None
        # A partially applied squashed migration is not in the graph: its last replaced one is.
        if target not in loader.graph.nodes and target in loader.replacements:
            target = loader.replacements[target].replaces[-1]
        return executor.migration_plan([target])
    if app_label:
        return executor.migration_plan([key for key in loader.graph.leaf_nodes() if key[0] == app_label])
    return executor.migration_plan(loader.graph.leaf_nodes())


def unadopted_tables(connection, plan, skip: str | None = None) -> dict[str, list[str]]:
    """Module app -> tables that the initial migrations this plan applies would create and that exist already.

    Such tables mean a legacy database nobody adopted (or one adopted half-way): migrating would stop at the
    first CREATE TABLE. `skip` ("app.name") is a migration an earlier run left half-done, resumed instead.
    """
    modules = set(getattr(settings, "MODULE_APPS", ()))
    creates: dict[str, list[str]] = {}
    for migration, backwards in plan:
        label = f"{migration.app_label}.{migration.name}"
        if backwards or not migration.initial or migration.app_label not in modules or label == skip:
            continue
        for operation in migration.operations:
            if isinstance(operation, CreateModel) and operation.options.get("managed", True) \
                    and not operation.options.get("proxy"):
                table = operation.options.get("db_table") or f"{migration.app_label}_{operation.name_lower}"
                creates.setdefault(migration.app_label, []).append(table)
    if not creates:
        return {}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    found = {app: [t for t in tables if t in existing] for app, tables in creates.items()}
    return {app: tables for app, tables in found.items() if tables}


def refuse_unadopted(connection, plan, skip: str | None = None) -> None:
    """Stop, before anything changes, a migrate that would run into the tables of a legacy database."""
    found = unadopted_tables(connection, plan, skip)
    if found:
        apps_ = ", ".join(sorted(found))
        tables = ", ".join(sorted(t for ts in found.values() for t in ts)[:5])
        raise CommandError(
            f"The tables of {apps_} exist already ({tables}{', ...' if sum(map(len, found.values())) > 5 else ''}) "
            "but none of their migrations is recorded: this is a legacy database. Nothing was changed. Adopt it "
            "with `manage.py adopt_legacy` (see docs/adoption.md), which then runs migrate."
        )
