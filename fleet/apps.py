from django.apps import AppConfig


class FleetConfig(AppConfig):
    """Vehicles and transport jobs."""

    name = "fleet"
    verbose_name = "Fleet"
