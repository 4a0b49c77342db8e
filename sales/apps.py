from django.apps import AppConfig


class SalesConfig(AppConfig):
    """Sales orders, customers, payments and targets."""

    name = "sales"
    verbose_name = "Sales"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Sales"
