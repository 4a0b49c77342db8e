"""`manage.py dbstatus [--json] [--history [N]]`: per module app, its tables with row counts and its migrations;
or the history of migration runs (read-only)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from erp.migration_safety.history import format_runs, recent_runs
from erp.migration_safety.status import database_status, format_status


class Command(BaseCommand):
    help = (
        "Show, for each module app, its tables with row counts and its applied/unapplied migrations, "
        "and applied migrations edited since they ran. Changes nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the status as JSON.")
        parser.add_argument(
            "--history", nargs="?", type=int, const=50, default=None, metavar="N",
            help="Instead, list the last N runs of migrate, adoption and repair (default 50): who, when, "
            "how long, what, outcome.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        if options["history"] is not None:
            if options["history"] < 1:
                raise CommandError("--history N: N must be 1 or more.")
            runs = recent_runs(options["database"], limit=options["history"])
            if options["json"]:
                self.stdout.write(json.dumps(runs, indent=2, default=str))
            else:
                self.stdout.write(format_runs(runs))
            return
        report = database_status(options["database"])
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self.stdout.write(format_status(report))
