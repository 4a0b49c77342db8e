"""Read-only status of the database per module app: tables with row counts, migrations applied or not,
and applied migrations edited since (the legacy `test_migrations.py --status`)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from erp.migration_safety.checksums import edited_migrations
from erp.migration_safety.fast_path import JOURNAL_MARK
from erp.migration_safety.lock import noted_migration


def status_apps() -> list[str]:
    return ["erp", *settings.MODULE_APPS]


def table_stats(connection, table: str) -> dict:
    """Row count and on-disk size (bytes, None when the engine cannot tell) of an existing table."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
        rows = cursor.fetchone()[0]
        size = None
        if connection.vendor == "mysql":
            cursor.execute(
                "SELECT data_length + index_length FROM information_schema.TABLES "
                "WHERE table_schema = DATABASE() AND table_name = %s",
                [table],
            )
            found = cursor.fetchone()
            size = int(found[0]) if found and found[0] is not None else None
        elif connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = %s", [table])
                found = cursor.fetchone()
                size = int(found[0]) if found and found[0] is not None else None
            except Exception:  # dbstat is an optional SQLite build feature
                size = None
    return {"rows": rows, "bytes": size}


def database_status(using: str = "default") -> dict:
    connection = connections[using]
    # The files and the records, without the graph: a migration whose file is gone may have broken it.
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    recorder = MigrationRecorder(connection)
    loader.applied_migrations = recorder.applied_migrations() if recorder.has_table() else {}
    applied = set(loader.applied_migrations)
    replaced = {key for migration in loader.disk_migrations.values() for key in (migration.replaces or ())}
    note, running = noted_migration(using)
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    edited = edited_migrations(using, loader=loader)
    report = {
        "database": connection.settings_dict["NAME"],
        "vendor": connection.vendor,
        "migrations_table": "django_migrations" in existing,
        "apps": [],
        # A migration a previous migrate started and did not finish (or the one running now).
        "half_applied": None if not note or running or note == JOURNAL_MARK else note,
        "running": note if running else None,
        "files_gone": [f"{app}.{name}" for app, name in sorted(applied)
                       if (app, name) not in loader.disk_migrations and (app, name) not in replaced],
        "edited_migrations": [
            {"app": e.app, "name": e.name, "recorded_checksum": e.recorded, "current_checksum": e.current}
            for e in edited
        ],
    }
    for label in status_apps():
        config = apps.get_app_config(label)
        tables = []
        for model in sorted(config.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            entry = {"table": table, "exists": table in existing, "rows": None, "bytes": None}
            if entry["exists"]:
                entry.update(table_stats(connection, table))
            tables.append(entry)
        names = sorted(name for app, name in loader.disk_migrations if app == label)
        report["apps"].append(
            {
                "app": label,
                "tables": tables,
                "applied": [n for n in names if (label, n) in applied],
                "unapplied": [n for n in names if (label, n) not in applied],
            }
        )
    return report


def format_status(report: dict) -> str:
    lines = [f"Database {report['database']} ({report['vendor']})"]
    if not report["migrations_table"]:
        lines.append("  No django_migrations table: nothing has been migrated yet (run `manage.py migrate`).")
    for app in report["apps"]:
        lines.append("")
        lines.append(f"{app['app']}: {len(app['applied'])} applied, {len(app['unapplied'])} unapplied")
        for t in app["tables"]:
            if not t["exists"]:
                lines.append(f"    {t['table']:<36} missing")
            else:
                size = f"  {t['bytes'] / 1024:.0f} KiB" if t["bytes"] is not None else ""
                lines.append(f"    {t['table']:<36} {t['rows']:>10} rows{size}")
        for name in app["applied"]:
            lines.append(f"  [X] {name}")
        for name in app["unapplied"]:
            lines.append(f"  [ ] {name}")
    lines.append("")
    if report["half_applied"]:
        lines.append(f"Half-applied: {report['half_applied']}, which a migrate started and did not finish (it "
                     "failed or was killed); the next migrate that includes it finishes it.")
    if report["running"]:
        lines.append(f"Migrating now: {report['running']} (a migrate holds the migration lock).")
    if report["files_gone"]:
        lines.append("Recorded as applied, but their migration files are gone: " + ", ".join(report["files_gone"]))
    if report["edited_migrations"]:
        lines.append("Migrations edited after they were applied (their operations no longer match the checksum):")
        for e in report["edited_migrations"]:
            lines.append(f"  ! {e['app']}.{e['name']}")
    else:
        lines.append("No applied migration was edited since it ran.")
    return "\n".join(lines)
