"""Legacy users keep their logins: import from the legacy `user` table, then log in through the admin over
HTTP (Django's test client) with the old passwords, which are upgraded to Argon2 on the way (MariaDB leg)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from erp import settings as project_settings
from erp.legacy.users import LEGACY_ROLES, import_legacy_users
from erp.models import BootstrapRecord
from tests.legacy import fixture
from tests.support import is_mysql

# The fixture's TEST-ONLY legacy logins (tests/legacy/fixture): username -> password.
LEGACY_LOGINS = {u: pw for u, (pw, _) in fixture.LEGACY_LOGINS.items() if u != "former.clerk"}
INACTIVE = ("former.clerk", fixture.LEGACY_LOGINS["former.clerk"][0])
WITHOUT_HASH = fixture.NO_HASH_USER

PRODUCTION_HASHERS = override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS)


def legacy_user_table_sql() -> tuple[str, str]:
    """The CREATE TABLE and INSERT statements of the legacy `user` table, as the fixture has them."""
    return fixture.create_table_sql("user"), fixture.insert_sql("user")


@pytest.fixture(scope="module")
def legacy_user_table(django_db_setup, django_db_blocker):
    """The legacy `user` table, empty, in the test database next to auth_user (as after an adoption).

    Created outside the tests' transactions because MariaDB commits DDL implicitly; the rows are
    inserted inside each test, so they roll back with it.
    """
    if not is_mysql():
        pytest.skip("needs MySQL/MariaDB: runs in the MariaDB leg")
    create, insert = legacy_user_table_sql()
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS `user`")
            cursor.execute(create)
        yield insert
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS `user`")


@pytest.fixture
def legacy_users(mysql_only, legacy_user_table, db):
    with connection.cursor() as cursor:
        cursor.execute(legacy_user_table)
    return legacy_table_rows()


def legacy_table_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM `user` ORDER BY id")
        return cursor.fetchall()


def auth_user_rows() -> list[tuple]:
    return list(get_user_model().objects.order_by("pk").values_list(
        "pk", "username", "email", "password", "is_active", "is_staff", "is_superuser", "date_joined", "last_login"))


def admin_login(username: str, password: str) -> tuple[bool, Client]:
    """POST the admin login form, as a browser does; True when it let the user in."""
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password,
                                                           "next": "/admin/"})
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
        page = client.get("/admin/")
        # A superuser (the legacy admin) is sent on to enrol a second factor: the password was accepted.
        assert page.status_code == 200 or page["Location"].startswith("/admin/two-factor/setup/"), page
        return True, client
    assert response.status_code == 200
    assert response.context["form"].errors, "a refused login shows the form's errors"
    assert "_auth_user_id" not in client.session
    return False, client


@PRODUCTION_HASHERS
def test_imported_legacy_users_log_in_with_their_old_passwords(legacy_users, settings):
    # A site that shows times in India, its database storing UTC: the legacy times are read as stored.
    settings.TIME_ZONE = "Asia/Kolkata"
    out = io.StringIO()
    counts = import_legacy_users(stdout=out)
    report = out.getvalue()
    assert counts == {"imported": 8, "already_present": 0, "clashes": 0, "without_password": 1, "invalid": 0,
                      "unknown_roles": 0}, report
    assert "took over the never-used first admin created by migrate" in report
    assert "without password  kiosk (id 9)" in report
    assert len(report.splitlines()) == 9  # one line per legacy user, and the summary

    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(pk__in=[row[0] for row in legacy_users])}
    for row in legacy_users:
        pk, username, email, _hash, role, _dept, active, created_at, last_login = row
        user = users[username]
        assert user.pk == pk
        assert user.email == (email or "")
        assert user.is_active == bool(active)
        assert user.date_joined == timezone.make_aware(created_at, datetime.UTC)
        assert user.last_login == (timezone.make_aware(last_login, datetime.UTC) if last_login else None)
        with connection.cursor() as cursor:
            cursor.execute("SELECT date_joined, last_login FROM auth_user WHERE id = %s", [pk])
            assert cursor.fetchone() == (created_at, last_login)  # stored as the legacy table held them
        access = LEGACY_ROLES[role]
        assert (user.is_staff, user.is_superuser) == (access.staff, access.superuser)
        assert sorted(user.groups.values_list("name", flat=True)) == sorted(access.groups)
    assert users["sales.lead"].groups.filter(name="Sales").exists()
    assert users["gate.security"].email == ""
    assert not users[WITHOUT_HASH].has_usable_password()
    assert identify_hasher(users["admin"].password).algorithm == "wz_scrypt"
    assert identify_hasher(users["hr.manager"].password).algorithm == "wz_pbkdf2"
    # The bootstrap record now says the row is the legacy admin's: reversing 0002 no longer removes it.
    assert not BootstrapRecord.objects.filter(kind="admin_user", object_pk="1").exists()
    assert BootstrapRecord.objects.filter(kind="admin_user_legacy", object_pk="1").exists()

    # Wrong passwords fail, for both hash formats (pbkdf2 at 600000 iterations costs a second each here).
    for username in ("admin", "sales.lead"):
        legacy_encoded = User.objects.get(username=username).password
        assert admin_login(username, LEGACY_LOGINS[username] + "x")[0] is False, username
        assert admin_login(username, LEGACY_LOGINS[username].lower())[0] is False, username
        assert User.objects.get(username=username).password == legacy_encoded  # a failure upgrades nothing
    for username, password in LEGACY_LOGINS.items():
        ok, client = admin_login(username, password)
        assert ok, username
        upgraded = User.objects.get(username=username)
        assert identify_hasher(upgraded.password).algorithm == "argon2", username
        client.post("/admin/logout/")
    assert admin_login("hr.manager", LEGACY_LOGINS["hr.manager"])[0], "hr.manager after the upgrade"
    assert admin_login("hr.manager", "Legacy-HR-2025!")[0] is False

    assert admin_login(*INACTIVE)[0] is False
    for attempt in ("", "kiosk", User.objects.get(username=WITHOUT_HASH).password):
        assert admin_login(WITHOUT_HASH, attempt)[0] is False

    # A second import changes nothing: upgraded passwords stay upgraded.
    before = auth_user_rows()
    groups_before = sorted(User.groups.through.objects.values_list("user_id", "group_id"))
    out = io.StringIO()
    again = import_legacy_users(stdout=out)
    assert again == {"imported": 0, "already_present": 8, "clashes": 0, "without_password": 0, "invalid": 0,
                     "unknown_roles": 0}, out.getvalue()
    assert auth_user_rows() == before
    assert sorted(User.groups.through.objects.values_list("user_id", "group_id")) == groups_before

    # The legacy table itself is never modified.
    assert legacy_table_rows() == legacy_users

    # New users get ids above the imported ones.
    newcomer = User.objects.create_user("newcomer", password=None)
    assert newcomer.pk > max(row[0] for row in legacy_users)


def test_clashes_and_existing_users_are_reported_and_left_alone(legacy_users):
    User = get_user_model()
    # The first admin from migrate has been used: it is a real account now, not one to take over.
    User.objects.filter(pk=1).update(last_login=timezone.now())
    # hr.manager was imported earlier and changed its password since.
    User.objects.create(pk=2, username="hr.manager", password=make_password("changed-since"), is_staff=True)
    # Someone else holds id 3; transport.desk exists under another id.
    User.objects.create(pk=3, username="someone.else", password=make_password("x"))
    User.objects.create(pk=60, username="transport.desk", password=make_password("y"))
    before = auth_user_rows()

    out = io.StringIO()
    counts = import_legacy_users(stdout=out)
    report = out.getvalue()
    assert counts["already_present"] == 2, report  # admin, hr.manager
    assert counts["clashes"] == 2, report
    assert counts["imported"] == 4, report  # gate.security, purchase.officer, former.clerk, kiosk
    assert "clash  sales.lead (id 3): id 3 belongs to user 'someone.else'; not imported" in report
    assert "clash  transport.desk (id 6): username 'transport.desk' belongs to user id 60; not imported" in report
    assert set(before) <= set(auth_user_rows())
    assert User.objects.get(pk=2).check_password("changed-since")
    assert not User.objects.filter(pk=6).exists()
    assert BootstrapRecord.objects.filter(kind="admin_user", object_pk="1").exists()
    assert admin_login("admin", LEGACY_LOGINS["admin"])[0] is False
    assert admin_login("purchase.officer", LEGACY_LOGINS["purchase.officer"])[0] is True


def test_missing_module_groups_stop_the_import_before_anything_changes(legacy_users):
    Group.objects.filter(name="Fleet").delete()
    before = auth_user_rows()
    with pytest.raises(Exception, match="Fleet do not exist: run `manage.py migrate`"):
        import_legacy_users()
    assert auth_user_rows() == before
