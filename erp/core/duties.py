"""Segregation of duties: two steps of one decision are taken by two different people.

The small-company exception, ERP_ONE_PERSON_APPROVALS (off by default; docs/business-rules.md), lets one
person take both steps where there is nobody else to ask.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError


def one_person_approvals_allowed() -> bool:
    return bool(getattr(settings, "ERP_ONE_PERSON_APPROVALS", False))


def require_different_people(first, second, *, refusal: str) -> None:
    """Refuse (ValidationError, `refusal`) when `first` and `second` are the same person (the same row of
    the same model); an unknown side (None) never matches. Allowed under the small-company exception."""
    if first is None or second is None or one_person_approvals_allowed():
        return
    # Compared through _meta, not type(): request.user is a lazy wrapper around the user.
    if first._meta.concrete_model is second._meta.concrete_model and first.pk is not None and first.pk == second.pk:
        raise ValidationError(refusal, code="same_person")
