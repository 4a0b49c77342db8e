"""A backwards migrate drops no data unasked (issue 11, defect 6).

- The erp app's own migrations hang on no module app, so `migrate sales zero` keeps erp's tables (the
  quarantine, the checksums) and the module groups with their members; also on a database migrated
  under the old graph, where erp.0003 depended on every module's 0001.
- A backwards migrate that would drop a table or a column holding data stops, names them, suggests
  --backup and changes nothing; --allow-data-loss lets it go ahead.
"""

import pytest
from django.db.migrations.loader import MigrationLoader

from tests.migrations.helpers import TEST_APPS_SETTINGS

MODULE_APPS = ["showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]


def test_no_erp_migration_depends_on_a_module_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in loader.graph.leaf_nodes("erp"):
        ancestors = {app for app, _name in loader.graph.forwards_plan(key)}
        assert not ancestors & set(MODULE_APPS), (key, sorted(ancestors & set(MODULE_APPS)))


def applied(db, app):
    return {name for (name,) in db.query(f"SELECT name FROM django_migrations WHERE app = '{app}'")}


KEEP = (
    "from django.contrib.auth.models import Group, User\n"
    "from erp.models import QuarantinedValue\n"
    "u = User.objects.create_user('clerk', password=None)\n"
    "u.groups.add(Group.objects.get(name='Sales'), Group.objects.get(name='HR'))\n"
    "QuarantinedValue.objects.create(table_name='sales_order', column_name='x', row_pk='1',\n"
    "    reason='invalid_date', original_value='0000-00-00', adoption_run='r1')\n"
)


def assert_erp_kept(db):
    assert applied(db, "erp") >= {"0003_module_groups", "0004_migration_checksum", "0005_quarantined_value"}
    assert db.query("SELECT original_value FROM erp_quarantined_value") == [("0000-00-00",)]
    assert db.query("SELECT COUNT(*) FROM erp_migration_checksum")[0][0] > 0
    groups = db.query("SELECT g.name FROM auth_group g JOIN auth_user_groups ug ON ug.group_id = g.id "
                      "JOIN auth_user u ON u.id = ug.user_id WHERE u.username = 'clerk' ORDER BY g.name")
    assert groups == [("HR",), ("Sales",)]


@pytest.mark.slow
def test_module_app_to_zero_keeps_the_erp_tables_and_group_members(scratch_db):
    scratch_db.manage("migrate", check=True)
    scratch_db.shell(KEEP)
    result = scratch_db.manage("migrate", "sales", "zero")
    assert result.returncode == 0, result.stdout + result.stderr
    assert applied(scratch_db, "sales") == set()
    assert_erp_kept(scratch_db)
    # And back: the group still holds the sales permissions, the member is still in it.
    scratch_db.manage("migrate", check=True)
    assert_erp_kept(scratch_db)
    sales_perms = scratch_db.query(
        "SELECT COUNT(*) FROM auth_group_permissions gp JOIN auth_group g ON g.id = gp.group_id "
        "JOIN auth_permission p ON p.id = gp.permission_id JOIN django_content_type c ON c.id = p.content_type_id "
        "WHERE g.name = 'Sales' AND c.app_label = 'sales'")[0][0]
    assert sales_perms > 0


@pytest.mark.slow
def test_database_migrated_under_the_old_graph_stays_consistent(scratch_db):
    # The order the old graph allowed and the new one would not produce by itself: every module's 0001
    # before erp.0003 (an older release's database: modules at 0001, erp complete).
    for app in MODULE_APPS:
        scratch_db.manage("migrate", app, "0001", check=True)
    scratch_db.manage("migrate", "erp", check=True)
    assert applied(scratch_db, "sales") == {"0001_initial"}
    scratch_db.shell(KEEP)
    # Upgrading: the rest applies, with no InconsistentMigrationHistory.
    result = scratch_db.manage("migrate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0003_transaction_changelist_indexes" in applied(scratch_db, "sales")
    assert scratch_db.manage("showmigrations", check=True).stdout.count("[ ]") == 0
    result = scratch_db.manage("migrate", "sales", "zero")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_erp_kept(scratch_db)
    assert scratch_db.manage("migrate", check=True).returncode == 0


@pytest.mark.slow
def test_backwards_migrate_that_would_drop_rows_stops_and_names_them(scratch_db):
    scratch_db.manage("migrate", check=True)
    scratch_db.shell("from sales.models import Customer\nCustomer.objects.create(name='Kept customer')\n")
    before = scratch_db.query("SELECT COUNT(*) FROM django_migrations")
    result = scratch_db.manage("migrate", "sales", "zero")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert "would drop data: table customer (1 rows" in message, message
    assert "--backup" in message and "--allow-data-loss" in message
    # Nothing changed: no migration unapplied, the row is there.
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations") == before
    assert scratch_db.query("SELECT name FROM customer") == [("Kept customer",)]
    # --fake drops nothing: not refused.  --allow-data-loss goes ahead.
    result = scratch_db.manage("migrate", "sales", "zero", "--allow-data-loss")
    assert result.returncode == 0, result.stdout + result.stderr
    assert applied(scratch_db, "sales") == set()


@pytest.mark.slow
def test_backwards_migrate_that_would_drop_a_column_with_values_stops(scratch_db):
    env = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "preview_app"}
    scratch_db.manage("migrate", env=env, check=True)
    scratch_db.shell("from django.apps import apps\n"
                     "Item = apps.get_model('preview_app', 'Item')\n"
                     "Item.objects.create(name='a', quantity=1)\n", env=env)
    # A column with no value in any row holds no data: going back is allowed.
    scratch_db.manage("migrate", "preview_app", "0001", env=env, check=True)
    scratch_db.manage("migrate", env=env, check=True)
    scratch_db.shell("from django.apps import apps\n"
                     "apps.get_model('preview_app', 'Item').objects.update(note='keep me')\n", env=env)
    result = scratch_db.manage("migrate", "preview_app", "0001", env=env)
    assert result.returncode == 1
    assert "column preview_app_item.note (1 values, by unapplying preview_app.0002_note_index_bigint)" in result.stderr
    assert "table preview_app_item" not in result.stderr
    assert applied(scratch_db, "preview_app") == {"0001_initial", "0002_note_index_bigint"}
