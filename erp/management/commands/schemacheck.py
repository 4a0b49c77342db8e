"""`manage.py schemacheck`: compare the live schema with what its applied migrations build (read-only)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from erp.schema.check import check_schema


class Command(BaseCommand):
    help = ("Compare the live database schema with a shadow database migrated to the same migrations. "
            "Exit 0 when it matches, 1 on drift, 3 when it cannot check. Changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            result = check_schema(options["database"])
        except Exception as exc:
            # Not drift (exit 1): the check could not run (exit 3), e.g. a database error or a migration graph
            # that cannot be built (a missing parent, conflicting or inconsistent history).
            if options["traceback"]:
                raise
            raise CommandError(f"schema check could not run: {type(exc).__name__}: {exc}", returncode=3) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, default=str))
        else:
            self.stdout.write(result.render())
        if not result.ok:
            raise SystemExit(1)
