from django.apps import AppConfig


class ErpConfig(AppConfig):
    """Cross-cutting machinery: bootstrap data, migration safety, schema comparison, legacy adoption."""

    name = "erp"
    verbose_name = "ERP administration"
