from django.apps import AppConfig


class GateConfig(AppConfig):
    """Gate users, entry and exit logs, going-out logs and daily sessions."""

    name = "gate"
    verbose_name = "Gate"
