"""`manage.py schema_snapshot [--check] [--output PATH]`: write (or verify) the schema file of migrate's fast path.

Needs a MariaDB DATABASE_URL: scratch databases are created next to it and dropped; the database
DATABASE_URL names is not touched. Writing: one scratch database replays every migration and is
captured; then, for each configuration a data migration reads (sample data on with a generated admin
password, sample data off with the admin from the environment), a database built through the fast
path from a candidate file (required not to fall back) is compared with a replay, row by row. Only
when all match is the file written saying `fast path: on`; otherwise (a difference, a failure, an
interruption) it says off, and why.
"""

import dataclasses
import secrets
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety import fast_path
from erp.schema.shadow import shadow_database


def configurations() -> list[tuple[str, dict]]:
    """The configurations the bootstrap data migrations read, each verified on its own."""
    return [
        ("sample data on, generated admin password", {"ERP_SAMPLE_DATA": "true"}),
        ("sample data off, admin from the environment",
         {"ERP_SAMPLE_DATA": "false", "ERP_ADMIN_USERNAME": "snapshot-admin",
          "ERP_ADMIN_PASSWORD": secrets.token_urlsafe(24)}),
    ]


class Command(BaseCommand):
    help = (
        f"Write {fast_path.SCHEMA_FILE.name}, the schema `migrate` creates on an empty MariaDB database "
        "in one step, from a scratch database migrated the normal way, and prove the fast path builds the "
        "same database. --check: exit 1 if the file is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
        parser.add_argument("--output", metavar="PATH", default=None,
                            help=f"write (or --check) this file instead of {fast_path.SCHEMA_FILE.name}")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        using = options["database"]
        connection = connections[using]
        if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
            raise CommandError(
                "schema_snapshot needs a MariaDB server (DATABASE_URL=mysql://...): the snapshot is MariaDB DDL."
            )
        path = Path(options["output"]) if options["output"] else fast_path.SCHEMA_FILE
        with shadow_database(using, replay=True) as replayed:
            plan = fast_path.full_plan(MigrationLoader(connections[replayed]))
            fresh = fast_path.capture(replayed, plan)
        if options["check"]:
            current = fast_path.read(path)
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
        if not fresh.off:
            # Until verified, the file says off: a failure or a kill below never leaves one that says on.
            fresh.off = "not verified (schema_snapshot did not finish)"
            path.write_text(fast_path.render(fresh), encoding="utf-8")
            fresh.off = self._verify(using, fresh)
        path.write_text(fast_path.render(fresh), encoding="utf-8")
        state = f"fast path OFF: {fresh.off}" if fresh.off else "fast path on, verified against a replay"
        self.stdout.write(f"Wrote {path} ({len(fresh.statements)} tables, {len(fresh.migrations)} migrations; "
                          f"{state}).")

    def _verify(self, using: str, fresh) -> str:
        """'' when the fast path builds what a replay builds in every configuration, else why not."""
        with tempfile.TemporaryDirectory(prefix="erp_snapshot_") as scratch:
            candidate = Path(scratch) / fast_path.SCHEMA_FILE.name
            candidate.write_text(fast_path.render(dataclasses.replace(fresh, off="")), encoding="utf-8")
            for name, env in configurations():
                try:
                    with shadow_database(using, replay=True, env=env) as replayed, \
                            shadow_database(using, env=env, schema_file=str(candidate)) as loaded:
                        differences = fast_path.compare_databases(connections[replayed], connections[loaded])
                except CommandError as exc:
                    return f"the fast path failed ({name}): {_one_line(str(exc))}"
                if differences:
                    return (f"a database built by the fast path differs from a replay ({name}): "
                            + "; ".join(differences[:5]))
        return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())[:1000]
