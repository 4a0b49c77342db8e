from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    """Purchase orders to suppliers."""

    name = "purchasing"
    verbose_name = "Purchasing"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Purchasing"

    def fresh_install_rows(self) -> dict:
        """{model: condition} of the rows a fresh install gets from the migrations: the number counter."""
        from django.db.models import Q

        return {self.get_model("PurchaseOrderNumberSequence"): Q(pk__isnull=False)}
