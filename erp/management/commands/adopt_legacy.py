"""`manage.py adopt_legacy`: bring a legacy database to the ERP's schema in place, losing nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.utils import Error as DatabaseError

from erp.legacy.adopt import EXIT_CONFLICTS, adopt
from erp.migration_safety import history


class Command(BaseCommand):
    help = ("Adopt a legacy MySQL/MariaDB database in place: create missing tables and columns, convert "
            "legacy types, add keys and constraints, record the migrations. Exit 0 when adopted (or nothing "
            "to do), 2 when conflicting rows stop it (nothing changed), 1 on error.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print the plan, conflicts and SQL; change nothing")
        parser.add_argument("--report", metavar="PATH", help="write a JSON report of the run to PATH")
        parser.add_argument("--resolve", choices=["quarantine"],
                            help="set conflicting values aside (recorded in the quarantine, restorable)")
        parser.add_argument("--lock-timeout", type=int, default=60, help="seconds to wait for the migration lock")
        parser.add_argument("--jobs", type=int, default=2,
                            help="tables searched and altered at once, each on its own connection (default 2)")
        parser.add_argument("--rebuild-shadow", action="store_true",
                            help="build the shadow database even when a cached copy of its schema matches")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        if options["dry_run"]:  # changes nothing: not a run of the history
            outcome = self._adopt(options)
            if outcome.exit_code:
                raise SystemExit(outcome.exit_code)
            return None
        command = "adopt_legacy" + (f" --resolve {options['resolve']}" if options["resolve"] else "")
        with history.recorded_run(options["database"], history.ADOPT, command) as run:
            outcome = self._adopt(options)
            migrations = outcome.report.get("migrations") or {}
            run.migrations = [*migrations.get("recorded", []), *migrations.get("run", [])]
            run.detail = str(outcome.report.get("outcome", ""))
            if outcome.exit_code == EXIT_CONFLICTS:  # stopped before changing anything
                run.outcome = history.REFUSED
        if outcome.exit_code:
            raise SystemExit(outcome.exit_code)

    def _adopt(self, options):
        try:
            return adopt(using=options["database"], dry_run=options["dry_run"], resolve=options["resolve"],
                         report_path=options["report"], stdout=self.stdout, lock_timeout=options["lock_timeout"],
                         jobs=options["jobs"], use_cache=not options["rebuild_shadow"])
        except DatabaseError as exc:
            raise CommandError(f"adoption stopped by a database error: {exc}. Re-run it: it continues "
                               "from where it stopped.") from None
