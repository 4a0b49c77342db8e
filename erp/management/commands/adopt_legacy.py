"""`manage.py adopt_legacy`: bring a legacy database to the ERP's schema in place, losing nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.utils import Error as DatabaseError

from erp.legacy.adopt import EXIT_CONFLICTS, adopt
from erp.legacy.resolutions import BadResolutions
from erp.migration_safety import history


class Command(BaseCommand):
    help = ("Adopt a legacy MySQL/MariaDB database in place: create missing tables and columns, convert "
            "legacy types, add keys and constraints, record the migrations. Exit 0 when adopted (or nothing "
            "to do), 2 when conflicting rows stop it (nothing changed), 1 on error.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print the plan, conflicts and SQL; change nothing")
        parser.add_argument("--report", metavar="PATH", help="write a JSON report of the run to PATH")
        parser.add_argument("--resolve-values", choices=["quarantine"],
                            help="set conflicting values aside where the column allows NULL or a default "
                                 "(originals recorded in the quarantine, restorable)")
        parser.add_argument("--resolve", choices=["quarantine"], dest="resolve",
                            help="the older spelling of --resolve-values")
        parser.add_argument("--resolve-rows", choices=["quarantine"],
                            help="set conflicting rows aside whole (every column kept, removed from the table, "
                                 "restorable after correction); with --resolve-values, only rows whose value "
                                 "cannot be set aside")
        parser.add_argument("--resolutions", metavar="FILE",
                            help="replacement values chosen by a person (JSON); a dry run writes FILE as a "
                                 "template when it does not exist")
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
        command = "adopt_legacy" + "".join(
            f" --{name.replace('_', '-')} {options[name]}" for name in ("resolve", "resolve_values", "resolve_rows",
                                                                        "resolutions") if options[name])
        with history.recorded_run(options["database"], history.ADOPT, command) as run:
            try:
                outcome = self._adopt(options)
            except BadResolutions:
                run.discard = True  # stopped before changing anything: writes nothing
                raise
            migrations = outcome.report.get("migrations") or {}
            run.migrations = [*migrations.get("recorded", []), *migrations.get("run", [])]
            run.detail = str(outcome.report.get("outcome", ""))
            if outcome.exit_code == EXIT_CONFLICTS:
                # Stopped before changing anything: it writes nothing, not even its history row (the
                # output and the --report file say why it stopped).
                run.discard = True
        if outcome.exit_code:
            raise SystemExit(outcome.exit_code)

    def _adopt(self, options):
        try:
            return adopt(using=options["database"], dry_run=options["dry_run"], resolve=options["resolve"],
                         resolve_values=options["resolve_values"], resolve_rows=options["resolve_rows"],
                         resolutions=options["resolutions"],
                         report_path=options["report"], stdout=self.stdout, lock_timeout=options["lock_timeout"],
                         jobs=options["jobs"], use_cache=not options["rebuild_shadow"])
        except DatabaseError as exc:
            raise CommandError(f"adoption stopped by a database error: {exc}. Re-run it: it continues "
                               "from where it stopped.") from None
