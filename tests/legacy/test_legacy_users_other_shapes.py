"""Legacy user tables of other shapes: none at all (a fresh install), an older one missing later columns."""

import io

import pytest
from django.contrib.auth import get_user_model

from erp.legacy.users import import_legacy_users


@pytest.mark.django_db
def test_without_a_legacy_table_nothing_is_imported():
    out = io.StringIO()
    before = list(get_user_model().objects.values_list())
    counts = import_legacy_users(stdout=out)
    assert set(counts.values()) == {0}
    assert "No legacy `user` table" in out.getvalue()
    assert list(get_user_model().objects.values_list()) == before


@pytest.mark.django_db
def test_an_older_legacy_table_without_later_columns_imports_on_sqlite_too():
    """An older install's `user` table (no email, role, is_active or dates): defaults, and on SQLite the id
    counter moves past the explicit ids (MariaDB does the same: see test_legacy_users.py)."""
    from django.db import connection

    from tests.legacy.test_werkzeug_hashers import werkzeug_pbkdf2

    if connection.vendor != "sqlite":
        pytest.skip("the MariaDB leg imports the full legacy table in test_legacy_users.py")
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "user" (id INTEGER PRIMARY KEY, username VARCHAR(80), password_hash VARCHAR(256))')
        cursor.execute('INSERT INTO "user" VALUES (40, %s, %s), (41, %s, NULL)',
                       ["old.timer", werkzeug_pbkdf2("Old-Timer-1!", "saltsalt", "sha256", 1000), "no.hash"])
    out = io.StringIO()
    counts = import_legacy_users(stdout=out)
    assert counts["imported"] == 2 and counts["without_password"] == 1, out.getvalue()
    User = get_user_model()
    old = User.objects.get(pk=40)
    assert old.username == "old.timer" and old.email == "" and old.last_login is None
    assert old.is_active  # without the column, Flask-Login treated every user as active
    assert (old.is_staff, old.is_superuser, old.groups.count()) == (False, False, 0)  # role missing: "user"
    assert old.check_password("Old-Timer-1!")
    assert not User.objects.get(pk=41).has_usable_password()
    assert User.objects.create_user("after.import").pk > 41
