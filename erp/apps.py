from django.apps import AppConfig


class ErpConfig(AppConfig):
    """Cross-cutting machinery: bootstrap data, migration safety, schema comparison, legacy adoption."""

    name = "erp"
    verbose_name = "ERP administration"

    def ready(self) -> None:
        from django.db.models.signals import pre_migrate

        from erp import module_groups

        check_admin_password()
        # (It connects its post_migrate receiver itself, after auth's.)
        pre_migrate.connect(module_groups.note_permissions, dispatch_uid="erp.module_groups.note")
        # Connects the login signal that starts the session's clock (erp/security/middleware.py).
        from erp.security import middleware  # noqa: F401


def check_admin_password() -> None:
    """A weak ERP_ADMIN_PASSWORD stops start-up with one line, not the first migrate halfway through.

    Django's password validators need the settings, so the app registry is the first place it can be
    checked; the first-admin migration checks it again when it uses it.
    """
    from django.conf import settings
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from erp.config import ConfigurationError

    if settings.ERP_ADMIN_PASSWORD:
        try:
            validate_password(settings.ERP_ADMIN_PASSWORD)
        except ValidationError as exc:
            raise ConfigurationError("ERP_ADMIN_PASSWORD is not acceptable: " + " ".join(exc.messages)) from None
