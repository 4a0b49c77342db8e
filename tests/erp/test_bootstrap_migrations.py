"""Bootstrap data migrations: first admin user, module groups, sample catalogue."""

import re
import secrets
import types

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from erp.models import BootstrapRecord
from showroom.models import ShowroomProduct

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow

DATA_MIGRATIONS = [
    ("erp", "0002_first_admin_user"),
    ("erp", "0003_module_groups"),
    ("showroom", "0002_sample_catalogue"),
]
MODULE_GROUPS = {"Showroom", "Sales", "HR", "Purchasing", "Dispatch", "Fleet", "Guest list", "Gate"}


def snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("username", "is_superuser", "password")),
        "groups": sorted(
            (g.name, tuple(sorted(g.permissions.values_list("codename", flat=True)))) for g in Group.objects.all()
        ),
        "products": sorted(ShowroomProduct.objects.values_list("name", "sale_price")),
        "records": sorted(BootstrapRecord.objects.values_list("kind", "object_pk")),
    }


def run_forward_again(app_label: str, name: str) -> None:
    loader = MigrationLoader(connection)
    state = loader.project_state((app_label, name), at_end=False)
    migration = loader.get_migration(app_label, name)
    for operation in migration.operations:
        operation.code(state.apps, types.SimpleNamespace(connection=connection))


@pytest.mark.django_db
@pytest.mark.parametrize("app_label,name", DATA_MIGRATIONS)
def test_data_migration_run_twice_changes_nothing(app_label, name):
    before = snapshot()
    assert before["users"] and before["products"]
    run_forward_again(app_label, name)
    assert snapshot() == before


@pytest.mark.django_db
def test_module_groups_hold_their_module_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= MODULE_GROUPS
    hr = Group.objects.get(name="HR")
    labels = set(hr.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"hr"}
    assert hr.permissions.filter(codename="change_leave").exists()
    gate = Group.objects.get(name="Gate")
    assert not gate.permissions.filter(content_type__app_label="hr").exists()


def test_generated_admin_password_is_printed_once_and_works(scratch_db):
    first = scratch_db.manage("migrate", check=True)
    match = re.search(r"password: (\S+)", first.stdout)
    assert match, first.stdout
    password = match.group(1)
    assert len(password) >= 20
    assert password not in scratch_db.manage("migrate", check=True).stdout
    check = scratch_db.shell(
        "from django.contrib.auth.models import User; "
        f"u = User.objects.get(username='admin'); print(u.is_superuser, u.check_password({password!r}))"
    )
    assert check.stdout.split() == ["True", "True"]


def test_generated_passwords_differ_between_installs(tmp_path):
    from tests.support import scratch_database

    passwords = []
    for i in range(2):
        with scratch_database(tmp_path / str(i)) as db:
            (tmp_path / str(i)).mkdir(exist_ok=True)
            out = db.manage("migrate", check=True).stdout
            passwords.append(re.search(r"password: (\S+)", out).group(1))
    assert passwords[0] != passwords[1]


def test_admin_password_from_environment_is_used_and_not_printed(scratch_db):
    password = secrets.token_urlsafe(16)
    result = scratch_db.manage(
        "migrate", env={"ERP_ADMIN_PASSWORD": password, "ERP_ADMIN_USERNAME": "boss"}, check=True
    )
    assert password not in result.stdout
    assert "password from ERP_ADMIN_PASSWORD" in result.stdout
    check = scratch_db.shell(
        f"from django.contrib.auth.models import User; u = User.objects.get(username='boss'); "
        f"print(u.is_superuser, u.check_password({password!r}), User.objects.count())"
    )
    assert check.stdout.split() == ["True", "True", "1"]


def test_weak_admin_password_is_refused_and_no_user_created(scratch_db):
    # Refused at start-up (erp.apps.check_admin_password), before migrate creates anything.
    result = scratch_db.manage("migrate", env={"ERP_ADMIN_PASSWORD": "admin"})
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: ERP_ADMIN_PASSWORD is not acceptable"), result.stderr
    assert "Traceback" not in result.stderr
    plan = scratch_db.manage("showmigrations", "--plan", check=True).stdout
    assert "[ ]" in plan and "[X]" not in plan  # nothing migrated
    # The first-admin migration checks it too, inside its transaction, where start-up is not the way in.
    scratch_db.manage("migrate", "erp", "0001", check=True)
    result = scratch_db.manage("shell", "-c", "from django.core.management import call_command; "
                               "from django.conf import settings; settings.ERP_ADMIN_PASSWORD = 'admin'; "
                               "call_command('migrate', 'erp', '0002')")
    assert "ERP_ADMIN_PASSWORD is not acceptable" in result.stderr
    assert scratch_db.query("SELECT COUNT(*) FROM auth_user") == [(0,)]


def test_sample_catalogue_can_be_switched_off(scratch_db):
    scratch_db.manage("migrate", env={"ERP_SAMPLE_DATA": "false"}, check=True)
    assert scratch_db.query("SELECT COUNT(*) FROM showroom_product") == [(0,)]


def test_reversing_bootstrap_removes_only_what_it_created(scratch_db):
    scratch_db.manage("migrate", check=True)
    script = (
        "from django.contrib.auth.models import User, Group\n"
        "from showroom.models import ShowroomProduct\n"
        "User.objects.create_user('clerk', password=None)\n"
        "Group.objects.create(name='Night shift')\n"
        "ShowroomProduct.objects.create(name='Customer tractor', category='tractor')\n"
    )
    scratch_db.shell(script)
    # (Drops the checksum table, which holds rows: allowed explicitly.)
    scratch_db.manage("migrate", "erp", "0001_initial", "--allow-data-loss", check=True)
    scratch_db.manage("migrate", "showroom", "0001_initial", check=True)
    assert scratch_db.query("SELECT username FROM auth_user") == [("clerk",)]
    # Managers is hr's (hr.0011_managers_group), still applied: bootstrap's reversal leaves it.
    assert scratch_db.query("SELECT name FROM auth_group ORDER BY name") == [("Managers",), ("Night shift",)]
    assert scratch_db.query("SELECT name FROM showroom_product") == [("Customer tractor",)]
