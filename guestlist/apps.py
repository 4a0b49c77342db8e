from django.apps import AppConfig


class GuestlistConfig(AppConfig):
    """Visitors expected and on site."""

    name = "guestlist"
    verbose_name = "Guest list"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Guest list"
