"""Checksums of applied migrations: a stable hash of each migration's operations, recorded once applied.

The hash is over the operations' deconstruction as Django's migration writer serialises it (fields,
options, function names), so reformatting or commenting a file does not change it, while editing
what a migration does does. The body of a RunPython function is not part of it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from dataclasses import dataclass

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.writer import MigrationWriter

TABLE = "erp_migration_checksum"


def migration_checksum(migration) -> str:
    parts = []
    for operation in migration.operations:
        try:
            text, _imports = MigrationWriter.serialize(operation)
        except ValueError:  # e.g. a lambda: fall back to the operation's class and repr
            text = f"{type(operation).__name__}:{operation!r}"
        parts.append(text)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_table(connection) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def _recorded(connection) -> dict[tuple[str, str], str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name, checksum FROM {connection.ops.quote_name(TABLE)}")
        return {(app, name): checksum for app, name, checksum in cursor.fetchall()}


def record_checksums(
    using: str = "default",
    loader: MigrationLoader | None = None,
    known: dict[tuple[str, str], str] | None = None,
    ran: set[tuple[str, str]] | frozenset = frozenset(),
) -> int:
    """Record checksums of applied migrations that have none; forget those of unapplied ones.

    Applied means recorded in django_migrations (as Django's recorder has it, a squashed migration once
    check_replacements recorded it). ran: the migrations this migrate applied or faked; their checksum
    becomes their file's even if one was recorded under that name: a row removed from django_migrations
    outside our migrate (Django's recorder, by hand) and a different file applied later under the same
    name leaves the earlier file's checksum, which is not what ran. known: checksums already computed for
    these migrations (the fast path has them). Returns how many were recorded. Does nothing before the
    checksum table exists.
    """
    known = known or {}
    from erp.models import MigrationChecksum

    connection = connections[using]
    if not _has_table(connection):
        return 0
    recorded = _recorded(connection)
    # The common case (a no-op migrate) needs one query, not a migration graph.
    applied = set(MigrationRecorder(connection).applied_migrations())
    renew = {key for key in ran if key in applied and key in recorded}
    if applied == set(recorded) and not renew:
        return 0
    loader = loader or MigrationLoader(connection)
    renew = {key for key in renew if key in loader.disk_migrations}
    _delete(using, [key for key in recorded if key not in applied or key in renew])
    new = [
        MigrationChecksum(
            app=key[0], name=key[1], checksum=known.get(key) or migration_checksum(loader.disk_migrations[key])
        )
        for key in sorted(applied)
        if (key not in recorded or key in renew) and key in loader.disk_migrations
    ]
    MigrationChecksum.objects.using(using).bulk_create(new, ignore_conflicts=True)
    return len(new)


def forget_unapplied(using: str, recorded: dict, applied: set) -> dict:
    """Delete the checksums of migrations with no django_migrations row (stale: removed outside our migrate,
    by Django's recorder or by hand; what runs under that name next may be another file) and return the
    rest of `recorded`."""
    _delete(using, [key for key in recorded if key not in applied])
    return {key: checksum for key, checksum in recorded.items() if key in applied}


def _delete(using: str, keys) -> None:
    """Forget the recorded checksums of these (app, name) migrations."""
    from erp.models import MigrationChecksum

    for app, name in keys:
        MigrationChecksum.objects.using(using).filter(app=app, name=name).delete()


@dataclass(frozen=True)
class EditedMigration:
    app: str
    name: str
    recorded: str
    current: str

    def __str__(self) -> str:
        return f"{self.app}.{self.name}"


def edited_migrations(using: str = "default", loader: MigrationLoader | None = None) -> list[EditedMigration]:
    """Applied migrations whose operations changed since their checksum was recorded."""
    connection = connections[using]
    if not _has_table(connection):
        return []
    loader = loader or MigrationLoader(connection)
    rows = set(MigrationRecorder(connection).applied_migrations())  # a checksum without one is stale
    edited = []
    for (app, name), recorded in sorted(_recorded(connection).items()):
        migration = loader.disk_migrations.get((app, name))
        if migration is None or (app, name) not in loader.applied_migrations or (app, name) not in rows:
            continue
        current = migration_checksum(migration)
        if current != recorded:
            edited.append(EditedMigration(app, name, recorded, current))
    return edited


def accept_edited(using: str, edited: list[EditedMigration]) -> None:
    """Record the current checksums of edited migrations as accepted (the caller records who and why)."""
    from erp.models import MigrationChecksum

    for e in edited:
        MigrationChecksum.objects.using(using).filter(app=e.app, name=e.name, checksum=e.recorded).update(
            checksum=e.current)


def _file_digest(path: str) -> str:
    """As fast_path.file_hash: the first 16 hex digits of the file's sha256."""
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:16]


def edited_applied_migrations(using: str = "default") -> list[EditedMigration]:
    """edited_migrations without a migration graph, for every migrate (the no-op included, as Flyway's
    validateOnMigrate): one query for the recorded checksums and the applied migrations. A migration
    whose file has the bytes the schema snapshot lists, with the checksum recorded here, is unchanged
    without importing it; any other one with a recorded checksum is imported and, if applied (a squashed
    one: all it replaces, as the loader decides), hashed."""
    from erp.migration_safety import fast_path  # (fast_path imports this module)

    connection = connections[using]
    if not _has_table(connection):
        return []
    recorded = _recorded(connection)
    if not recorded:
        return []
    applied = set(MigrationRecorder(connection).applied_migrations())
    recorded = forget_unapplied(using, recorded, applied)
    snapshot = fast_path.read()
    listed = {} if snapshot is None else {
        (app, name): (digest, snapshot.checksums.get((app, name))) for app, name, digest in snapshot.migrations}
    edited = []
    for (app, name), checksum in sorted(recorded.items()):
        try:
            module_name, _explicit = MigrationLoader.migrations_module(app)
            spec = importlib.util.find_spec(f"{module_name}.{name}") if module_name else None
        except (LookupError, ImportError):  # an app no longer installed, a package gone
            spec = None
        if spec is None or (spec.origin and spec.has_location and not os.path.exists(spec.origin)):
            # Its file is gone (dbstatus reports it), as edited_migrations; the second case is a module
            # imported earlier in this process (find_spec answers from sys.modules) and deleted since.
            continue
        if spec.origin and spec.origin.endswith(".py") and (app, name) in listed and listed[app, name] == (
            _file_digest(spec.origin), checksum
        ):
            continue
        migration = importlib.import_module(f"{module_name}.{name}").Migration(name, app)
        # Applied as Django's loader says: a squashed migration is applied when all it replaces is.
        replaced = [tuple(key) for key in migration.replaces or ()]
        if not (all(key in applied for key in replaced) if replaced else (app, name) in applied):
            continue
        current = migration_checksum(migration)
        if current != checksum:
            edited.append(EditedMigration(app, name, checksum, current))
    return edited
