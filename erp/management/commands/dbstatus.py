"""`manage.py dbstatus [--json]`: per module app, its tables with row counts and its migrations (read-only)."""

import json

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from erp.migration_safety.status import database_status, format_status


class Command(BaseCommand):
    help = (
        "Show, for each module app, its tables with row counts and its applied/unapplied migrations, "
        "and applied migrations edited since they ran. Changes nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the status as JSON.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        report = database_status(options["database"])
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self.stdout.write(format_status(report))
