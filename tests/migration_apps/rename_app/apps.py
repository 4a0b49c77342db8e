from django.apps import AppConfig


class RenameAppConfig(AppConfig):
    name = "tests.migration_apps.rename_app"
    label = "rename_app"
    module_group = "Gate"
