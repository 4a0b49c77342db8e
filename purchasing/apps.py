from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    """Purchase orders to suppliers."""

    name = "purchasing"
    verbose_name = "Purchasing"
