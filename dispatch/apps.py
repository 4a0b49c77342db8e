from django.apps import AppConfig


class DispatchConfig(AppConfig):
    """Dispatch requests for sold products and their gate passes."""

    name = "dispatch"
    verbose_name = "Dispatch"
