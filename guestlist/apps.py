from django.apps import AppConfig


class GuestlistConfig(AppConfig):
    """Visitors expected and on site."""

    name = "guestlist"
    verbose_name = "Guest list"
