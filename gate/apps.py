from django.apps import AppConfig


class GateConfig(AppConfig):
    """Gate users, entry and exit logs, going-out logs and daily sessions."""

    name = "gate"
    verbose_name = "Gate"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Gate"
