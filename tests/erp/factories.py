"""User accounts for tests: superusers, and staff members of the module groups erp's bootstrap migration creates.

Tests take them through the `superuser` and `group_user` fixtures (tests/conftest.py).
"""

import itertools

from django.contrib.auth.models import Group, Permission, User

_seq = itertools.count(1)


def superuser(*, username: str | None = None, email: str = "root@example.com", **fields) -> User:
    return User.objects.create_superuser(username or f"root-{next(_seq)}", email, password=None, **fields)


def group_user(*group_names: str, username: str | None = None, email: str = "", **fields) -> User:
    """A staff user who is a member of exactly the given module groups (none: staff without permissions)."""
    user = User.objects.create_user(username or f"staff-{next(_seq)}", email, password=None, is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=group_names))
    assert user.groups.count() == len(set(group_names)), f"module groups missing: {group_names}"
    return user


def staff_with_permissions(*permissions: str, username: str | None = None, email: str = "", **fields) -> User:
    """A staff user in no group, holding exactly the given permissions ("app_label.codename")."""
    user = group_user(username=username, email=email, **fields)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user
