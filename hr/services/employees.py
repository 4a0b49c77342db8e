"""Employees: which employee a user account belongs to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ..models import Employee


def employee_for_user(user: AbstractBaseUser | None) -> Employee | None:
    """The employee linked to a user account (Employee.user), or None: never guessed from e-mail addresses."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return Employee.objects.filter(user_id=user.pk).first()


def unlinked_account_message(user: AbstractBaseUser) -> str:
    """What to link, for someone who acts as an employee but whose account is linked to none."""
    return (f"Your account {user.get_username()!r} is not linked to an employee record: an administrator sets "
            "the employee's \"user account\" (HR > Employees, or ERP administration > Post-adoption review).")
