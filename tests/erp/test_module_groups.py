"""A renamed model keeps its group permissions, on upgraded and fresh databases (issue 11, defect 10).

The test app `rename_app` (in the Gate module group) renames Widget to Gadget in its 0002.
"""

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS

pytestmark = pytest.mark.slow

ENV = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "rename_app"}
GADGET = {"add_gadget", "change_gadget", "delete_gadget", "view_gadget", "inspect_gadget"}


def group_codenames(db, group: str) -> set[str]:
    rows = db.query(
        "SELECT p.codename FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id "
        "JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type c ON c.id = p.content_type_id "
        f"WHERE g.name = '{group}' AND c.app_label = 'rename_app'"
    )
    return {codename for (codename,) in rows}


def user_codenames(db, username: str) -> set[str]:
    rows = db.query(
        "SELECT p.codename FROM auth_user_user_permissions up JOIN auth_user u ON u.id = up.user_id "
        f"JOIN auth_permission p ON p.id = up.permission_id WHERE u.username = '{username}'"
    )
    return {codename for (codename,) in rows}


def test_fresh_database_module_group_holds_the_renamed_models_permissions(scratch_db):
    scratch_db.manage("migrate", env=ENV, check=True)
    assert group_codenames(scratch_db, "Gate") >= GADGET
    # The real modules' groups hold their permissions too (erp.0003 no longer waits for them).
    hr = scratch_db.query(
        "SELECT DISTINCT c.app_label FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id "
        "JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type c ON c.id = p.content_type_id "
        "WHERE g.name = 'HR'")
    assert hr == [("hr",)]


def test_upgraded_database_keeps_group_and_user_permissions_across_the_rename(scratch_db):
    # A site on the release before the rename: the app at 0001 (model Widget).
    scratch_db.manage("migrate", check=True)
    scratch_db.manage("migrate", "rename_app", "0001", env=ENV, check=True)
    assert group_codenames(scratch_db, "Gate") >= {"add_widget", "change_widget", "view_widget"}
    # Granted by people: a group of their own, a user's own permission; and one taken away from Gate.
    scratch_db.shell(
        "from django.contrib.auth.models import Group, Permission, User\n"
        "g = Group.objects.create(name='Workshop')\n"
        "g.permissions.add(Permission.objects.get(codename='change_widget'))\n"
        "u = User.objects.create_user('fitter', password=None)\n"
        "u.user_permissions.add(Permission.objects.get(codename='view_widget'))\n"
        "Group.objects.get(name='Gate').permissions.remove(Permission.objects.get(codename='delete_widget'))\n",
        env=ENV,
    )
    result = scratch_db.manage("migrate", env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    gate = group_codenames(scratch_db, "Gate")
    assert gate >= {"add_gadget", "change_gadget", "view_gadget", "inspect_gadget"}
    # Django 5.2 keeps the old rows (and both are held); 6.1 renames them.
    assert "change_gadget" in group_codenames(scratch_db, "Workshop") <= {"change_widget", "change_gadget"}
    assert "view_gadget" in user_codenames(scratch_db, "fitter") <= {"view_widget", "view_gadget"}
    # What a person took away stays away: delete_widget was not re-granted, and its new name is not
    # carried to Gate (nobody in Gate held it any more).
    assert "delete_widget" not in gate and "delete_gadget" not in gate
    # A second migrate changes nothing.
    before = (gate, group_codenames(scratch_db, "Workshop"))
    scratch_db.manage("migrate", env=ENV, check=True)
    assert (group_codenames(scratch_db, "Gate"), group_codenames(scratch_db, "Workshop")) == before
