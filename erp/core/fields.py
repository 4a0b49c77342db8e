"""Field shapes shared by the module apps."""

from decimal import Decimal

from django.db import models

ZERO = Decimal("0.00")


def money(verbose_name: str | None = None, **kwargs) -> models.DecimalField:
    """Money is DECIMAL(12,2), never float (the legacy schema used single-precision FLOAT)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)
