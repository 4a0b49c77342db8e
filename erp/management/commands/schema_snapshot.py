"""`manage.py schema_snapshot [--check]`: write (or verify) the schema file of migrate's fast path.

Needs a MariaDB DATABASE_URL: a scratch database is created next to it, migrated by replaying every
migration, captured, and dropped. The database DATABASE_URL names is not touched.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety import snapshot
from erp.schema.shadow import shadow_database


class Command(BaseCommand):
    help = (
        f"Write {snapshot.SNAPSHOT_FILE.name}, the schema `migrate` creates on an empty MariaDB database "
        "in one step, from a scratch database migrated the normal way. --check: exit 1 if the file is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
            raise CommandError(
                "schema_snapshot needs a MariaDB server (DATABASE_URL=mysql://...): the snapshot is MariaDB DDL."
            )
        with shadow_database(options["database"], replay=True) as alias:
            plan = snapshot.full_plan(MigrationLoader(connections[alias]))
            fresh = snapshot.capture(alias, plan)
        text = snapshot.render(fresh)
        path = snapshot.SNAPSHOT_FILE
        if options["check"]:
            current = snapshot.read()
            if current is not None and (current.statements, set(current.migrations), current.checksums) == (
                fresh.statements, set(fresh.migrations), fresh.checksums
            ):
                self.stdout.write(f"{path.name} matches the migrations ({len(fresh.statements)} tables).")
                return
            raise CommandError(
                f"{path.name} is out of date: run `manage.py schema_snapshot` against MariaDB and commit it.",
                returncode=1,
            )
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path} ({len(fresh.statements)} tables, {len(fresh.migrations)} migrations).")
