from django.apps import AppConfig


class DispatchConfig(AppConfig):
    """Dispatch requests for sold products and their gate passes."""

    name = "dispatch"
    verbose_name = "Dispatch"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Dispatch"
