"""Django's `migrate`, made safe for deploy scripts running on several servers and for crashes.

Adds to Django's command (every option and output kept): a database-wide lock, resumption of a
migration a previous run left half-done, `--backup PATH`, clear failure messages and checksums of
applied migrations. `--plan` and `--check` stay read-only and take no lock. Exit codes: see
docs/migrations.md and erp.migration_safety.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import DatabaseError, connections
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from erp import cli, db_router
from erp.migration_safety import (
    backup,
    backwards,
    checksums,
    ddl_guard,
    django_api,
    fast_path,
    history,
    lock,
    orphans,
    pending,
    resume,
)
from erp.migration_safety import journal as op_journal
from erp.migration_safety.privileges import missing_privilege


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + (
        " Only one migrate runs at a time per database (others wait, see ERP_MIGRATE_LOCK_TIMEOUT);"
        " a migration left half-done by a crash is finished."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--backup",
            metavar="PATH",
            help="Before applying anything (and only if there is something to apply), dump the database "
            "to PATH (mariadb-dump/mysqldump --single-transaction; SQLite: a copy of the file).",
        )
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=None,
            help="Seconds to wait for another migrate to finish (default: ERP_MIGRATE_LOCK_TIMEOUT, 600).",
        )
        parser.add_argument(
            "--no-fast-path",
            action="store_true",
            help="On an empty MariaDB database, replay every migration instead of creating the schema from "
            "the checked-in snapshot (see docs/migrations.md).",
        )
        parser.add_argument(
            "--accept-edited",
            metavar="REASON",
            help="Go ahead although applied migrations were edited since they ran (their operations no longer "
            "match the recorded checksum); REASON is recorded in the history with what was accepted.",
        )
        parser.add_argument(
            "--allow-data-loss",
            action="store_true",
            help="Let a backwards migrate drop tables or columns that hold data (without it, it stops and "
            "names them; write a --backup first).",
        )
        parser.add_argument(
            "--stop-orphans",
            action="store_true",
            help="(MySQL/MariaDB) A statement a killed migrate left running on the server is stopped (KILL "
            "QUERY) rather than waited for, before its migration is resumed or undone.",
        )
        # For schema_snapshot's verification: load this schema file, and fail rather than fall back.
        parser.add_argument("--schema-file", default=None, help=argparse.SUPPRESS)
        parser.add_argument("--require-fast-path", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["plan"] or options["check_unapplied"]:
            return super().handle(*args, **options)
        database = options["database"]
        # Every read of a migration (a data migration's look-up without .using()) sees the database it migrates.
        db_router.pin_to_primary()
        self.verbosity = options["verbosity"]
        self._lock = None
        self._current = None
        self._unapplying = False
        self._known = None  # (loader, checksums) when the fast path already has them
        self._fast = False  # inside the fast path (its failures are reported differently)
        self._held_note = None  # a half-applied migration noted by an earlier run, not part of this one
        self._run = None  # this run's history record (erp.migration_safety.history)
        self._ran = set()  # (app, name) of migrations this run applied or faked: their checksums are renewed
        with (
            lock.migration_lock(database, timeout=options["lock_timeout"], stdout=self.stdout) as held,
            history.recorded_run(database, history.APPLY, self._command_line(options), record_if_empty=False) as run,
            ddl_guard.bounded_lock_wait(connections[database]),
        ):
            self._lock = held
            self._run = run
            self._journal = None
            connection = connections[database]
            if connection.vendor == "mysql":
                # Each statement and operation that commits is journaled (erp.migration_safety.journal).
                self._journal = op_journal.Journal(connection)
                connection.SchemaEditorClass = op_journal.journaling_editor_class(
                    type(connection).SchemaEditorClass, self._journal)
            try:
                self._before_django(database, held, options)
                if not self._without_django(database, held, options):
                    super().handle(*args, **options)
                if self._known is None:
                    checksums.record_checksums(database, ran=self._ran)
                else:
                    loader, known = self._known
                    run.migrations = [f"{m.app_label}.{m.name}" for m in fast_path.full_plan(loader)]
                    checksums.record_checksums(database, loader=loader, known=known, ran=self._ran)
            except Exception as exc:
                # Callers of call_command get Django's exception as it is; manage.py prints this line instead
                # of the traceback (erp.cli).
                if ddl_guard.is_lock_wait_timeout(exc) and not options.get("traceback"):
                    where = f"Migration {self._current} failed" if self._current else "migrate failed"
                    raise CommandError(f"{where}: {ddl_guard.blocker_line(connections[database])}.") from exc
                if not isinstance(exc, CommandError):
                    cli.explain(exc, self._failure_line(database, exc))
                raise
            finally:
                self._lock = None
                if self._journal is not None:
                    del connection.SchemaEditorClass  # the class's own again

    @staticmethod
    def _command_line(options) -> str:
        """The run as it was asked for (what the history records), also when called with call_command."""
        words = ["migrate", *(options[k] for k in ("app_label", "migration_name") if options.get(k))]
        for flag in ("fake", "fake_initial", "allow_data_loss", "no_fast_path", "run_syncdb", "prune"):
            if options.get(flag):
                words.append("--" + flag.replace("_", "-"))
        if options.get("backup"):
            words += ["--backup", options["backup"]]
        if options.get("accept_edited") is not None:
            words += ["--accept-edited", repr(options["accept_edited"])]
        if options.get("database", "default") != "default":
            words += ["--database", options["database"]]
        return " ".join(words)

    def _failure_line(self, database, exc) -> str:
        error = f"{type(exc).__name__}: {exc}"
        if self._fast:
            return (
                f"Migration {self._current} failed on the fast path: {error}. Nothing is recorded; fix the cause and "
                "run migrate again (it drops the empty tables this run created and starts over), or with "
                "--no-fast-path to replay every migration."
            )
        if self._current is None:
            return f"migrate failed: {error}."
        privilege = missing_privilege(exc)
        if privilege:
            return (
                f"Migration {self._current} failed: the database user lacks the {privilege} privilege ({exc}). "
                f"Grant it (or run migrate as a user who has it), then run migrate again."
            )
        if self._unapplying:
            transactional = connections[database].features.can_rollback_ddl
            return f"Migration {self._current} failed while being unapplied: {error}. " + (
                "It was rolled back; migrations unapplied before it stay unapplied."
                if transactional
                else "Migrations unapplied before it stay unapplied; the statements of this one that ran are not "
                "undone (see dbstatus)."
            )
        return (
            f"Migration {self._current} failed: {error}. Migrations applied before it are recorded; "
            "fix the cause and run migrate again, it continues from there."
        )

    def _requested_plan(self, connection, options):
        """(executor, plan) of the migrate asked for, or None when Django will refuse the request (a bad app or
        migration name, an inconsistent history, conflicting leaves) or it applies nothing (--prune, --run-syncdb
        of an app): then nothing is done before Django's migrate, which answers."""
        if options["prune"] or options["run_syncdb"]:
            return None
        executor = MigrationExecutor(connection)
        try:
            return executor, pending.migrate_plan(executor, options["app_label"], options["migration_name"])
        except (CommandError, InconsistentMigrationHistory):
            return None

    def _before_django(self, database, held, options) -> None:
        """Under the lock, before Django's migrate: validate the applied history, settle a migration an earlier
        run left half-done, refuse to drop data going backwards, refuse a legacy database nobody adopted, then
        back up."""
        connection = connections[database]
        self._validate(connection, held, options)
        noted = held.interrupted
        if noted == fast_path.JOURNAL_MARK:
            if not MigrationRecorder(connection).applied_migrations():
                fast_path.clear_interrupted(database, self._say)
            held.journal(None)  # (or it had committed and died before clearing its mark)
            noted = None
        if not (noted or options["backup"] or options["migration_name"]) and pending.nothing_to_apply(connection):
            return
        requested = self._requested_plan(connection, options)
        if noted:
            self._settle_note(connection, held, noted, requested, options)
        plan = requested[1] if requested is not None else []
        if any(back for _m, back in plan):
            self._run.kind = history.UNAPPLY
            if not options["fake"] and not options["allow_data_loss"]:
                found = backwards.at_risk(connection, requested[0].loader, plan)
                if found:
                    raise history.Refused(backwards.refusal(found))
        if requested is not None and not (options["fake"] or options["fake_initial"]):
            pending.refuse_unadopted(connection, plan, skip=noted)
        if options["backup"]:
            if plan:
                backup.backup_database(database, options["backup"], stdout=self.stdout)
            elif self.verbosity >= 1:
                self.stdout.write(f"Nothing to apply: no backup written to {options['backup']}.")

    def _settle_note(self, connection, held, noted, requested, options) -> None:
        """Finish the noted migration when this migrate applies it; otherwise leave it, and its note, alone.

        The note is cleared when the migration is recorded as applied already, when its file is gone, and
        (through the progress callback) when this run applies, fakes or unapplies it."""
        app, _, name = noted.partition(".")
        key = (app, name)
        loader = requested[0].loader if requested else MigrationExecutor(connection).loader
        migration = loader.disk_migrations.get(key)
        mysql = connection.vendor == "mysql"
        if key in loader.applied_migrations:
            if mysql:
                op_journal.forget(connection, app, name)
            held.journal(None)
            return
        if migration is None:
            held.keep_note = True
            raise CommandError(
                f"{noted} was left half-applied by an earlier migrate, and its migration file is gone: what "
                "it applied is still in the database. Restore the file and run `manage.py migrate "
                f"{app} <earlier migration>` to undo it, or handle it by hand and then run `manage.py "
                "migrate_repair --clear --reason ...`. Nothing was changed."
            )
        if options["fake"] or options["fake_initial"]:
            if mysql:
                op_journal.forget(connection, app, name)
            held.journal(None)
            self._say(f"  --fake: cleared the note that {noted} was half-applied; what it applied stays as it "
                      "is (see `manage.py migrate_repair`).")
            return
        executor, plan = requested if requested else (MigrationExecutor(connection), [])
        forward = [m for m, backwards in plan if not backwards]
        if self._beyond_target(loader, key, options):
            self._settled(connection, executor, migration, options)
            self._undo(connection, executor, migration)
        elif migration not in forward:
            # Not this run's to finish: left alone, with its note.
            self._held_note = noted
            if self.verbosity >= 1:
                self.stdout.write(f"Left as it is: {noted}, which an earlier migrate started and did not finish "
                                  "(not part of this migrate).")
            return
        elif connection.vendor == "sqlite":
            self._finish_sqlite(executor, migration)
        else:
            self._settled(connection, executor, migration, options)
            self._resume(connection, executor, migration)
        if mysql:
            op_journal.forget(connection, app, name)
        held.journal(None)

    def _validate(self, connection, held, options) -> None:
        """Refuse to build on applied migrations whose operations changed since they ran (Flyway's validate),
        unless --accept-edited REASON: then their checksums are brought up to date and the acceptance
        recorded. On every run, the no-op included (Flyway's validateOnMigrate), without a migration graph: a
        migration whose file still has the bytes the schema snapshot lists is not even imported (checksums.
        edited_applied_migrations). It reads, and only deletes checksums left without a django_migrations row
        (stale: nothing under that name counts as applied), so a user without DDL rights is validated too."""
        reason = options["accept_edited"]
        if reason is not None and not reason.strip():
            raise CommandError("--accept-edited needs a reason (it is recorded), e.g. --accept-edited "
                               "\"max_length widened by hand on all sites, ticket 123\". Nothing was changed.")
        if options["fake"]:
            return
        edited = checksums.edited_applied_migrations(connection.alias)
        if not edited:
            return
        names = ", ".join(str(e) for e in edited)
        if reason is None:
            raise history.Refused(
                f"Applied migrations were edited since they ran: {names}. Their operations no longer match "
                "what was applied (erp_migration_checksum), so the database may not be what the migration "
                "files say. Nothing was changed. Restore the files, or accept the edit with --accept-edited "
                "REASON (recorded in the history; `dbstatus` lists edited migrations)."
            )
        with history.recorded_run(connection.alias, history.ACCEPT, self._command_line(options)) as run:
            run.migrations = [str(e) for e in edited]
            run.detail = reason.strip() + " | " + "; ".join(
                f"{e}: checksum {e.recorded} -> {e.current}" for e in edited)
            checksums.accept_edited(connection.alias, edited)
        self._say(f"Accepted edited migrations ({names}): recorded with your reason.")

    def _settled(self, connection, executor, migration, options) -> bool:
        """(MySQL/MariaDB) Wait for, or stop, statements of `migration` a killed run left on the server."""
        if connection.vendor == "mysql":
            timeout = lock.default_timeout() if options["lock_timeout"] is None else options["lock_timeout"]
            orphans.settle(connection, orphans.migration_tables(executor.loader, migration),
                           stop=options["stop_orphans"], say=self._say, timeout=timeout)
        return True

    @staticmethod
    def _beyond_target(loader, key, options) -> bool:
        """Whether `migrate <app> <target>` takes the app back to before migration `key`."""
        app_label, name = options["app_label"], options["migration_name"]
        if not (app_label and name):
            return False
        graph = loader.graph
        if name == "zero":
            starts = graph.root_nodes(app_label)
        else:
            try:
                target = (app_label, loader.get_migration_by_prefix(app_label, name).name)
            except Exception:
                return False  # Django reports the bad name itself
            starts = [child for child in graph.node_map[target].children if child[0] == app_label]
        return any(key in graph.backwards_plan(start) for start in starts)

    def _undo(self, connection, executor, migration) -> None:
        label = f"{migration.app_label}.{migration.name}"
        self._current = f"{label} (undoing its applied part)"
        if self.verbosity >= 1:
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"Undoing what a previous migrate applied of {label} (it did not finish):"))
        undone = resume.undo_migration(connection, executor.loader, migration)
        self._current = None
        if self.verbosity >= 1:
            for line in undone:
                self.stdout.write(f"  undone: {line}")
            self.stdout.write(f"  {len(undone)} operations undone." + self.style.SUCCESS(" OK"))

    def _simple_run(self, options) -> bool:
        """A plain `migrate` of everything: the only kind the shortcuts below apply to."""
        return not (options["app_label"] or options["fake"] or options["run_syncdb"] or options["prune"])

    def _without_django(self, database, held, options) -> bool:
        """On an empty MariaDB database, take the fast path of erp.migration_safety.fast_path; return False when
        Django's migrate must run (everything else, the no-op included: it answers and signals as Django does)."""
        connection = connections[database]
        if not self._simple_run(options) or pending.nothing_to_apply(connection):
            return False
        if options["no_fast_path"]:
            return False
        executor = MigrationExecutor(connection, self._print_progress)
        plan = fast_path.full_plan(executor.loader)
        schema_file = Path(options["schema_file"]) if options.get("schema_file") else None
        found, reason = fast_path.applies(database, executor, plan, schema_file)
        if found is None:
            if options.get("require_fast_path"):
                raise CommandError(f"the fast path does not apply: {reason}.")
            if reason not in fast_path.NOT_EMPTY_REASONS and self.verbosity >= 1:
                self.stdout.write(f"Empty database, replaying every migration: {reason}.")
            return False
        self._fast = True
        self._header(executor.loader.migrated_apps)
        signal_plan = [(m, False) for m in plan]
        emit_pre_migrate_signal(self.verbosity, options["interactive"], database, stdout=self.stdout,
                                apps=django_api.project_state(executor, with_applied_migrations=True).apps,
                                plan=signal_plan)
        try:
            final = fast_path.load(database, executor, plan, found, held.journal, self._say)
        except Exception as exc:
            if options.get("require_fast_path") or options.get("traceback"):
                raise
            # Its transaction rolled back: only empty tables are left. Drop them and replay instead.
            why = str(exc) if isinstance(exc, fast_path.UnsoundFastPath) else f"{type(exc).__name__}: {exc}"
            self._fast = False
            self._current = None
            connections[database].close()  # a fresh session (the failed one may be in any state)
            self._say(f"  The fast path stopped ({why}); nothing of it is kept.")
            fast_path.clear_interrupted(database, self._say)
            held.journal(None)
            self._say("  Replaying every migration instead.")
            return False
        self._fast = False
        self._known = (executor.loader, found.checksums)
        emit_post_migrate_signal(self.verbosity, options["interactive"], database, stdout=self.stdout,
                                 apps=final.apps, plan=signal_plan)
        return True

    def _say(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(line)

    def _header(self, app_labels) -> None:
        if self.verbosity >= 1:
            self.stdout.write(self.style.MIGRATE_HEADING("Operations to perform:"))
            self.stdout.write(self.style.MIGRATE_LABEL("  Apply all migrations: ")
                              + (", ".join(sorted(app_labels)) or "(none)"))
            self.stdout.write(self.style.MIGRATE_HEADING("Running migrations:"))

    def _print_progress(self, action, migration=None, fake=False):
        """Django's progress lines, without the journal (the fast path keeps its own mark there)."""
        if action == "apply_start":
            self._current = f"{migration.app_label}.{migration.name}"
        super().migration_progress_callback(action, migration, fake)
        if action == "apply_success":
            self._current = None
        self.stdout.flush()

    def _finish_sqlite(self, executor, migration) -> None:
        """SQLite applies a migration in one transaction, but Django records it after the commit when the
        migration has deferred statements (indexes): a process killed in between leaves it applied and
        unrecorded. Applying it again either succeeds (the transaction had not committed) or finds its
        objects already there, which proves the whole transaction committed: then it is only recorded."""
        label = f"{migration.app_label}.{migration.name}"
        self._current = label
        state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        # Rendered first, as Django's executor renders it: else each operation renders the state after it
        # before the state before it, and SQLite's rebuild of an altered table puts the altered column
        # (the older field) first instead of last, in another column order than a plain migrate gives.
        state.apps  # noqa: B018
        try:
            executor.apply_migration(state, migration)
            outcome = "applied again (the interrupted run had not committed it)"
        except DatabaseError as exc:
            if not migration.atomic or "already exists" not in str(exc):
                raise
            django_api.record_applied(executor, migration)
            outcome = "already applied by the interrupted run; recorded now"
        self._current = None
        self._applied_now(migration)
        self._resumed(label)
        if self.verbosity >= 1:
            self.stdout.write(self.style.MIGRATE_HEADING(f"Resuming {label}:") + f" {outcome}."
                              + self.style.SUCCESS(" OK"))

    def _resume(self, connection, executor, migration) -> None:
        label = f"{migration.app_label}.{migration.name}"
        self._current = label
        if self.verbosity >= 1:
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"Resuming {label}, which a previous migrate started and did not finish:")
            )
        point = resume.resume_migration(connection, executor.loader, migration, self._journal)
        django_api.record_applied(executor, migration)
        if self._journal is not None:
            self._journal.end()
        self._current = None
        self._applied_now(migration)
        self._resumed(label)
        if self.verbosity >= 1:
            statements = [s for s in point.steps if s.sql is not None]
            data = [s for s in point.steps if s.sql is None]
            how = "as journaled" if point.from_journal else "as found in the schema"
            self.stdout.write(
                f"  {len(point.skipped)} of {len(statements)} statements were already applied and were skipped"
                + (f", {point.data_done} of {len(data)} data operations had run and were not repeated" if data else "")
                + f" ({how}); the rest ran."
                + self.style.SUCCESS(" OK")
            )
            if self.verbosity >= 2:
                for sql in point.skipped:
                    self.stdout.write(f"    skipped: {sql}")

    def _applied_now(self, migration) -> None:
        """Note that this run applied (or faked) `migration`: the checksum recorded for it, and for what it
        replaces, becomes its file's, whatever was recorded under that name before (record_checksums)."""
        self._ran.add((migration.app_label, migration.name))
        self._ran.update(tuple(key) for key in migration.replaces or ())

    def _resumed(self, label: str) -> None:
        if self._run is not None:
            self._run.kind = history.RESUME
            self._run.migrations.append(label)

    def migration_progress_callback(self, action, migration=None, fake=False):
        label = f"{migration.app_label}.{migration.name}" if migration is not None else None
        if action == "apply_start":
            self._current = label
            if self._lock is not None:
                self._lock.journal(self._current)
            if self._journal is not None and not fake:
                self._journal.begin(migration)
        elif action == "apply_success" and self._journal is not None:
            self._journal.end()
        elif action == "unapply_start":
            self._current = label
            self._unapplying = True
        super().migration_progress_callback(action, migration, fake)
        if action == "apply_success":
            self._applied_now(migration)
        elif action == "unapply_success":
            self._ran.discard((migration.app_label, migration.name))
        if action in ("apply_success", "unapply_success"):
            if label == self._held_note:  # applied, faked or unapplied by this run: settled
                self._held_note = None
            if self._lock is not None and action == "apply_success":
                # Back to the note of an earlier run's half-done migration this run left alone, if any.
                self._lock.journal(self._held_note)
            self._current = None
            self._unapplying = False
        if action in ("apply_success", "unapply_success") and self._run is not None:
            self._run.migrations.append(f"{migration.app_label}.{migration.name}" + (" (fake)" if fake else ""))
        self.stdout.flush()
