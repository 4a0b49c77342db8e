"""Django's `migrate`, made safe for deploy scripts running on several servers and for crashes.

Adds to Django's command (every option and output kept): a database-wide lock, resumption of a
migration a previous run left half-done, `--backup PATH`, clear failure messages and checksums of
applied migrations. `--plan` and `--check` stay read-only and take no lock. Exit codes: see
docs/migrations.md and erp.migration_safety.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from erp import db_router
from erp.migration_safety import (
    backup,
    backwards,
    checksums,
    ddl_guard,
    django_api,
    fast_path,
    history,
    lock,
    pending,
    resume,
)


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

    def handle(self, *args, **options):
        if options["plan"] or options["check_unapplied"]:
            return super().handle(*args, **options)
        database = options["database"]
        # Every read of a migration (a data migration's look-up without .using()) sees the database it migrates.
        db_router.pin_to_primary()
        self.verbosity = options["verbosity"]
        self._lock = None
        self._current = None
        self._known = None  # (loader, checksums) when the fast path already has them
        self._fast = False  # inside the fast path (its failures are reported differently)
        self._run = None  # this run's history record (erp.migration_safety.history)
        with (
            lock.migration_lock(database, timeout=options["lock_timeout"], stdout=self.stdout) as held,
            history.recorded_run(database, history.APPLY, self._command_line(options), record_if_empty=False) as run,
            ddl_guard.bounded_lock_wait(connections[database]),
        ):
            self._lock = held
            self._run = run
            try:
                self._before_django(database, held, options)
                if not self._without_django(database, held, options):
                    super().handle(*args, **options)
                if self._known is None:
                    checksums.record_checksums(database)
                else:
                    loader, known = self._known
                    run.migrations = [f"{m.app_label}.{m.name}" for m in fast_path.full_plan(loader)]
                    checksums.record_checksums(database, loader=loader, known=known)
            except (CommandError, SystemExit, KeyboardInterrupt):
                raise
            except Exception as exc:
                if options.get("traceback"):
                    raise
                where = f"Migration {self._current} failed" if self._current else "migrate failed"
                self.stdout.write("")
                if ddl_guard.is_lock_wait_timeout(exc):
                    raise CommandError(f"{where}: {ddl_guard.blocker_line(connections[database])}.") from exc
                if self._fast:
                    raise CommandError(
                        f"{where} on the fast path: {type(exc).__name__}: {exc}. Nothing is recorded; fix the "
                        "cause and run migrate again (it drops the empty tables this run created and starts "
                        "over), or with --no-fast-path to replay every migration."
                    ) from exc
                raise CommandError(
                    f"{where}: {type(exc).__name__}: {exc}. Migrations applied before it are recorded; "
                    "fix the cause and run migrate again, it continues from there."
                ) from exc
            finally:
                self._lock = None

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

    def _pending_plan(self, connection, executor, options) -> list:
        loader = executor.loader
        app_label, name = options["app_label"], options["migration_name"]
        if app_label and name:
            if name == "zero":
                targets = [(app_label, None)]
            else:
                try:
                    migration = loader.get_migration_by_prefix(app_label, name)
                except Exception:
                    return []  # Django reports the bad name itself
                targets = [(app_label, migration.name)]
        elif app_label:
            targets = [key for key in loader.graph.leaf_nodes() if key[0] == app_label]
        else:
            targets = loader.graph.leaf_nodes()
        return executor.migration_plan(targets)

    def _before_django(self, database, held, options) -> None:
        """Under the lock, before Django's migrate: validate the applied history, finish an interrupted
        migration, refuse to drop data going backwards, then back up."""
        connection = connections[database]
        self._validate(connection, held, options)
        interrupted = held.interrupted
        if interrupted == fast_path.JOURNAL_MARK:
            if not MigrationRecorder(connection).applied_migrations():
                fast_path.clear_interrupted(database, self._say)
            held.journal(None)  # (or it had committed and died before clearing its mark)
        elif interrupted and not options["fake"]:
            executor = MigrationExecutor(connection)
            app, name = interrupted.split(".", 1)
            key = (app, name)
            migration = executor.loader.disk_migrations.get(key)
            if migration is not None and key not in executor.loader.applied_migrations:
                if connection.vendor == "sqlite":
                    self._finish_sqlite(executor, migration)
                else:
                    self._resume(connection, executor, migration)
            held.journal(None)
        # Only a named target can go backwards; a plain migrate builds no plan here (the no-op path).
        if options["migration_name"] or options["backup"]:
            executor = MigrationExecutor(connection)
            plan = self._pending_plan(connection, executor, options)
            if any(back for _m, back in plan):
                self._run.kind = history.UNAPPLY
                if not options["fake"] and not options["allow_data_loss"]:
                    found = backwards.at_risk(connection, executor.loader, plan)
                    if found:
                        raise history.Refused(backwards.refusal(found))
        if options["backup"]:
            if plan:
                backup.backup_database(database, options["backup"], stdout=self.stdout)
            elif self.verbosity >= 1:
                self.stdout.write(f"Nothing to apply: no backup written to {options['backup']}.")

    def _validate(self, connection, held, options) -> None:
        """Refuse to build on applied migrations whose operations changed since they ran (Flyway's validate),
        unless --accept-edited REASON: then their checksums are brought up to date and the acceptance
        recorded. Only when there is something to do: the no-op path stays free of migration imports."""
        reason = options["accept_edited"]
        if reason is not None and not reason.strip():
            raise CommandError("--accept-edited needs a reason (it is recorded), e.g. --accept-edited "
                               "\"max_length widened by hand on all sites, ticket 123\". Nothing was changed.")
        if options["fake"]:
            return
        if self._simple_run(options) and not held.interrupted and pending.nothing_to_apply(connection):
            return
        edited = checksums.edited_migrations(connection.alias)
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

    def _simple_run(self, options) -> bool:
        """A plain `migrate` of everything: the only kind the shortcuts below apply to."""
        return not (options["app_label"] or options["fake"] or options["run_syncdb"] or options["prune"])

    def _without_django(self, database, held, options) -> bool:
        """Finish the two common cases without Django's migrate; return False when it must run.

        - Nothing to apply (every migration file is recorded as applied, seen without importing one):
          Django would load and render every migration only to say so. Its output is kept and its signals
          are sent, with the app registry as `apps` (the final state, unless a model was changed without
          its migration: CI's makemigrations --check guards that).
        - An empty MariaDB database: the fast path of erp.migration_safety.fast_path.
        """
        connection = connections[database]
        if not self._simple_run(options):
            return False
        files = pending.migration_files()
        if pending.nothing_to_apply(connection, files):
            self._header(files)  # the apps that have migrations, as Django lists them
            emit_pre_migrate_signal(self.verbosity, options["interactive"], database, stdout=self.stdout,
                                    apps=global_apps, plan=[])
            if self.verbosity >= 1:
                self.stdout.write("  No migrations to apply.")
            emit_post_migrate_signal(self.verbosity, options["interactive"], database, stdout=self.stdout,
                                     apps=global_apps, plan=[])
            return True
        if options["no_fast_path"]:
            return False
        executor = MigrationExecutor(connection, self._print_progress)
        plan = fast_path.full_plan(executor.loader)
        found, reason = fast_path.applies(database, executor, plan)
        if found is None:
            if reason not in fast_path.NOT_EMPTY_REASONS and self.verbosity >= 1:
                self.stdout.write(f"Empty database, replaying every migration: {reason}.")
            return False
        self._fast = True
        self._header(executor.loader.migrated_apps)
        signal_plan = [(m, False) for m in plan]
        emit_pre_migrate_signal(self.verbosity, options["interactive"], database, stdout=self.stdout,
                                apps=django_api.project_state(executor, with_applied_migrations=True).apps,
                                plan=signal_plan)
        final = fast_path.load(database, executor, plan, found, held.journal, self._say)
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
        try:
            executor.apply_migration(state, migration)
            outcome = "applied again (the interrupted run had not committed it)"
        except DatabaseError as exc:
            if not migration.atomic or "already exists" not in str(exc):
                raise
            django_api.record_applied(executor, migration)
            outcome = "already applied by the interrupted run; recorded now"
        self._current = None
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
        point = resume.resume_migration(connection, executor.loader, migration)
        django_api.record_applied(executor, migration)
        self._current = None
        self._resumed(label)
        if self.verbosity >= 1:
            statements = [s for s in point.steps if s.sql is not None]
            self.stdout.write(
                f"  {len(point.skipped)} of {len(statements)} statements were already applied and were skipped; "
                "the rest ran."
                + self.style.SUCCESS(" OK")
            )
            if self.verbosity >= 2:
                for sql in point.skipped:
                    self.stdout.write(f"    skipped: {sql}")

    def _resumed(self, label: str) -> None:
        if self._run is not None:
            self._run.kind = history.RESUME
            self._run.migrations.append(label)

    def migration_progress_callback(self, action, migration=None, fake=False):
        if action == "apply_start":
            self._current = f"{migration.app_label}.{migration.name}"
            if self._lock is not None:
                self._lock.journal(self._current)
        super().migration_progress_callback(action, migration, fake)
        if action == "apply_success":
            if self._lock is not None:
                self._lock.journal(None)
            self._current = None
        elif action == "unapply_start":
            self._current = f"{migration.app_label}.{migration.name} (unapplying)"
        elif action == "unapply_success":
            self._current = None
        if action in ("apply_success", "unapply_success") and self._run is not None:
            self._run.migrations.append(f"{migration.app_label}.{migration.name}" + (" (fake)" if fake else ""))
        self.stdout.flush()
