"""`manage.py migrate_sql [app_label] [migration_name]`: the complete SQL of the plan `migrate` with the same
arguments would run, forwards or backwards, for applying by hand. Reads the database, changes nothing."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from erp.migration_safety.plan_sql import plan_sql, render


class Command(BaseCommand):
    help = (
        "Print the complete SQL of the plan `migrate [app_label] [migration_name]` would run (forwards, or "
        "backwards to an earlier migration or zero), with the statements that record each migration in "
        "django_migrations. Needs no scratch database; changes nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="?", help="Only this app (and what it depends on).")
        parser.add_argument("migration_name", nargs="?", help="Target migration of the app (or zero: backwards).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        executor = MigrationExecutor(connection)
        plan = plan_sql(executor, options["app_label"], options["migration_name"])
        self.stdout.write(render(plan, connection.settings_dict["NAME"]))
