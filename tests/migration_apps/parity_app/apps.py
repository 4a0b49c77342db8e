import os

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def report(signal_name):
    def receiver(sender, apps, **kwargs):
        if sender.label != "parity_app" or os.environ.get("PARITY_APP_REPORT") != "1":
            return
        try:
            apps.get_model("parity_app", "Ghost")
            ghost = "sees Ghost"
        except LookupError:
            ghost = "does not see Ghost"
        print(f"{signal_name}: {type(apps).__name__}, {ghost}")

    return receiver


class ParityAppConfig(AppConfig):
    name = "tests.migration_apps.parity_app"
    label = "parity_app"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        pre_migrate.connect(report("pre_migrate"), sender=self, weak=False)
        post_migrate.connect(report("post_migrate"), sender=self, weak=False)
