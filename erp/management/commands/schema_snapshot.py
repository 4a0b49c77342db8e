"""`manage.py schema_snapshot [--check]`: write (or verify) the schema file of migrate's fast path.

Needs a MariaDB DATABASE_URL: scratch databases are created next to it and dropped; the database
DATABASE_URL names is not touched. Writing takes two scratch databases: one replays every migration
and is captured; a second is built through the fast path from the new file and compared with the
first, row by row. If they differ the file is written with the fast path off, and says why.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety import fast_path
from erp.schema.shadow import shadow_database


class Command(BaseCommand):
    help = (
        f"Write {fast_path.SCHEMA_FILE.name}, the schema `migrate` creates on an empty MariaDB database "
        "in one step, from a scratch database migrated the normal way, and prove the fast path builds the "
        "same database. --check: exit 1 if the file is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        using = options["database"]
        connection = connections[using]
        if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
            raise CommandError(
                "schema_snapshot needs a MariaDB server (DATABASE_URL=mysql://...): the snapshot is MariaDB DDL."
            )
        path = fast_path.SCHEMA_FILE
        with shadow_database(using, replay=True) as replayed:
            plan = fast_path.full_plan(MigrationLoader(connections[replayed]))
            fresh = fast_path.capture(replayed, plan)
            if options["check"]:
                current = fast_path.read()
                if current is None or (current.statements, set(current.migrations), current.checksums) != (
                    fresh.statements, set(fresh.migrations), fresh.checksums
                ) or (fresh.off and not current.off):
                    raise CommandError(
                        f"{path.name} is out of date: run `manage.py schema_snapshot` against MariaDB and commit it.",
                        returncode=1,
                    )
                state = f"fast path off: {current.off}" if current.off else "fast path on"
                self.stdout.write(f"{path.name} matches the migrations ({len(fresh.statements)} tables; {state}).")
                return
            path.write_text(fast_path.render(fresh), encoding="utf-8")
            if not fresh.off:
                with shadow_database(using) as loaded:  # an empty database: migrate takes the fast path
                    differences = fast_path.compare_databases(connections[replayed], connections[loaded])
                if differences:
                    fresh.off = "a database built by the fast path differs from a replay: " + "; ".join(differences[:5])
                    path.write_text(fast_path.render(fresh), encoding="utf-8")
        state = f"fast path OFF: {fresh.off}" if fresh.off else "fast path on, verified against a replay"
        self.stdout.write(f"Wrote {path} ({len(fresh.statements)} tables, {len(fresh.migrations)} migrations; "
                          f"{state}).")
