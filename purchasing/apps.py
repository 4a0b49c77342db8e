from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    """Purchase orders to suppliers."""

    name = "purchasing"
    verbose_name = "Purchasing"

    def fresh_install_rows(self) -> dict:
        """{model: condition} of the rows a fresh install gets from the migrations: the number counter."""
        from django.db.models import Q

        return {self.get_model("PurchaseOrderNumberSequence"): Q(pk__isnull=False)}
