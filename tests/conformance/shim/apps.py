import os

from django.apps import AppConfig


class ConformanceShimConfig(AppConfig):
    name = "tests.conformance.shim"
    label = "erp_conformance_shim"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.management.commands import migrate as django_migrate

        # Django's runner leaves auth, contenttypes and sessions unmigrated; the project's migrations depend
        # on theirs (erp.0003 on auth.0012), so they are migrated here as in the project.
        settings.MIGRATION_MODULES = {
            label: module
            for label, module in settings.MIGRATION_MODULES.items()
            if label not in ("auth", "contenttypes", "sessions")
        }
        # The swap. Django's tests often replace INSTALLED_APPS, and then `migrate` is django.core's command:
        # so the command under test takes the place of django.core's own. The shim's migrate (found before
        # erp's while the project's apps are installed) is that same class.
        if os.environ.get("ERP_CONFORMANCE_COMMAND", "erp") == "erp":
            from erp.management.commands.migrate import Command

            django_migrate.Command = Command
