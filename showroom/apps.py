from django.apps import AppConfig


class ShowroomConfig(AppConfig):
    """Showroom products on display and for sale."""

    name = "showroom"
    verbose_name = "Showroom"
