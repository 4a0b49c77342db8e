"""`manage.py migrate_preview [app_label] [migration_name] [--json]`: the migrations `migrate` with the same
arguments would apply or unapply, with their SQL and cost.

Read-only for the database being migrated; on MySQL/MariaDB it creates and drops a scratch database
(`<name>_preview_<random>`) to measure how each ALTER runs, when the user may (else it says what to grant).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.migrations.exceptions import InconsistentMigrationHistory

from erp.migration_safety.preview import as_dicts, format_preview, preview


class Command(BaseCommand):
    help = (
        "Preview pending migrations: each operation's SQL, the tables' current row counts and sizes, "
        "and on MySQL/MariaDB whether each change runs INSTANT, INPLACE or as a table COPY."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="?", help="Only this app's pending migrations.")
        parser.add_argument("migration_name", nargs="?", help="Up to this migration of the app.")
        parser.add_argument("--json", action="store_true", help="Print the preview as JSON.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        try:
            previews = preview(options["database"], options["app_label"], options["migration_name"])
        except (KeyError, LookupError, ValueError, InconsistentMigrationHistory) as exc:
            raise CommandError(f"Cannot preview: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(as_dicts(previews), indent=2))
        else:
            self.stdout.write(format_preview(previews))
