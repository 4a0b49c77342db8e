"""Employees: which employee a user account belongs to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ..models import Employee


def employee_for_user(user: AbstractBaseUser | None) -> Employee | None:
    """The employee a user account belongs to: matched by e-mail address, case-insensitively."""
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return None
    return Employee.objects.filter(email__iexact=email).first()
