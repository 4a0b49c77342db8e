from django.apps import AppConfig


class SalesConfig(AppConfig):
    """Sales orders, customers, payments and targets."""

    name = "sales"
    verbose_name = "Sales"
