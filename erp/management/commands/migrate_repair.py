"""`manage.py migrate_repair`: look at and repair the migration state by hand, as Flyway's `repair` does.

Without options it shows, changing nothing: the note of a half-applied migration (what an earlier
`migrate` started and did not finish), the steps of it that committed (from the operation journal), and
the repairs recorded so far. With options it changes the state, under the migration lock, after a
confirmation (`--yes` for scripts), and records who did it, when and why (`--reason`, required):

- `--clear`: forget the note and its journal (after undoing or finishing its work by hand);
- `--mark-applied APP MIGRATION`: record a migration as applied without running it;
- `--mark-unapplied APP MIGRATION`: remove a migration's record without undoing it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from erp.migration_safety import history
from erp.migration_safety import journal as op_journal
from erp.migration_safety.lock import migration_lock


class Command(BaseCommand):
    help = (
        "Show the note of a half-applied migration, its committed steps and the recorded repairs; "
        "--clear the note, or --mark-applied/--mark-unapplied a migration, with a recorded --reason."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--clear", action="store_true", help="forget the note of a half-applied migration")
        action.add_argument("--mark-applied", nargs=2, metavar=("APP", "MIGRATION"),
                            help="record a migration as applied without running it")
        action.add_argument("--mark-unapplied", nargs=2, metavar=("APP", "MIGRATION"),
                            help="remove a migration's record without undoing it")
        parser.add_argument("--reason", default="", help="why (required for a change; recorded)")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        using = options["database"]
        connection = connections[using]
        changing = options["clear"] or options["mark_applied"] or options["mark_unapplied"]
        reason = " ".join(options["reason"].split())
        if changing and not reason:
            raise CommandError("--reason is required: say why, it is recorded with the change.")
        target = None
        if options["mark_applied"] or options["mark_unapplied"]:
            app, name = options["mark_applied"] or options["mark_unapplied"]
            target = self._migration(connection, app, name, must_exist=bool(options["mark_applied"]))
        if not changing:
            return self._repair(connection, using, options, target, reason, None)
        # A change is one run of the history (dbstatus --history, the admin), as migrate's are.
        with history.recorded_run(using, history.REPAIR) as run:
            return self._repair(connection, using, options, target, reason, run)

    def _repair(self, connection, using, options, target, reason, run):
        changing = run is not None
        with migration_lock(using, stdout=self.stdout, purpose="migrate_repair") as held:
            note = held.interrupted
            held.keep_note = True  # cleared below only when that is what was asked
            self._show(connection, note)
            if not changing:
                return
            if options["clear"]:
                if not note:
                    raise CommandError("There is no note of a half-applied migration to clear.")
                self._confirm(options, f"Forget the note that {note} is half-applied (its applied part stays)?")
                app, name = note.split(".", 1)
                op_journal.forget(connection, app, name)
                held.journal(None)
                held.keep_note = False
                op_journal.record_repair(connection, app, name, "cleared the half-applied note", reason)
                run.migrations.append(note)
                run.detail = f"cleared the half-applied note: {reason}"
                self.stdout.write(f"Cleared the note of {note}; recorded: {reason}")
                return
            app, name = target
            recorder = MigrationRecorder(connection)
            recorder.ensure_schema()
            applied = (app, name) in recorder.applied_migrations()
            if options["mark_applied"]:
                if applied:
                    raise CommandError(f"{app}.{name} is already recorded as applied. Nothing was changed.")
                self._confirm(options, f"Record {app}.{name} as applied without running it?")
                recorder.record_applied(app, name)
                action = "marked applied"
            else:
                if not applied:
                    raise CommandError(f"{app}.{name} is not recorded as applied. Nothing was changed.")
                self._confirm(options, f"Remove the record of {app}.{name} without undoing it?")
                recorder.record_unapplied(app, name)
                action = "marked unapplied"
            if note == f"{app}.{name}":
                op_journal.forget(connection, app, name)
                held.journal(None)
                held.keep_note = False
            op_journal.record_repair(connection, app, name, action, reason)
            run.migrations.append(f"{app}.{name}")
            run.detail = f"{action}: {reason}"
            self.stdout.write(f"{app}.{name} {action}; recorded: {reason}")

    def _migration(self, connection, app: str, name: str, must_exist: bool) -> tuple[str, str]:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        try:
            return app, loader.get_migration_by_prefix(app, name).name
        except Exception as exc:
            if must_exist:
                raise CommandError(f"No migration {app}.{name} on disk: {exc}. Nothing was changed.") from exc
            return app, name  # unapplying the record of a migration whose file is gone is allowed

    def _show(self, connection, note: str | None) -> None:
        if note:
            self.stdout.write(f"Half-applied: {note} (an earlier migrate started it and did not finish).")
            app, name = note.split(".", 1)
            if connection.vendor == "mysql":
                done = op_journal.done(connection, app, name)
                self.stdout.write(f"  committed: {len(done.operations)} operations, "
                                  f"{len(done.statements)} statements (operation journal)")
                for (operation, ordinal), sql in sorted(done.statements.items()):
                    self.stdout.write(f"    operation {operation + 1}, statement {ordinal + 1}: {sql}")
            self.stdout.write(
                f"  Ways on: `manage.py migrate` finishes it; `manage.py migrate {app} <earlier>` undoes it; "
                "`migrate_repair --clear --reason ...` forgets the note."
            )
        else:
            self.stdout.write("No half-applied migration is noted.")
        repairs = op_journal.repairs(connection)
        if repairs:
            self.stdout.write("Recorded repairs:")
            for at, app, name, detail in repairs:
                self.stdout.write(f"  {at}  {app}.{name}: {detail}")

    def _confirm(self, options, question: str) -> None:
        if options["yes"]:
            return
        self.stdout.write(f"{question} Type 'yes' to go on: ", ending="")
        self.stdout.flush()
        try:
            answer = input()
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Not confirmed (answer 'yes', or add --yes in scripts). Nothing was changed.")
