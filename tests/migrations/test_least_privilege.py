"""A database user with only SELECT, INSERT, UPDATE and DELETE (issue 11, item 7): what Django's migrate can do
with it, ours does too; what needs more gets one line naming the privilege to grant."""

import secrets
import uuid

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import mysql_connect, mysql_server_params, run_manage

pytestmark = pytest.mark.slow

WITH_PARITY_APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "parity_app"}
WITH_PREVIEW_APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "preview_app"}
# preview_app.0001 with another max_length: the same file, other operations (as in test_validate).
PREVIEW_APP_EDITED = {**WITH_PREVIEW_APP, "PREVIEW_APP_NAME_LENGTH": "120"}


@pytest.fixture
def dml_url(scratch_db, mysql_only):
    """The scratch database's URL for a new user granted SELECT, INSERT, UPDATE, DELETE on it and nothing else."""
    user, password = f"erp_lp_{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(16)
    conn = mysql_connect()
    try:
        cursor = conn.cursor()
        cursor.execute(f"CREATE USER '{user}'@'%%' IDENTIFIED BY %s", (password,))
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{scratch_db.name}`.* TO '{user}'@'%'")
        p = mysql_server_params()
        yield f"mysql://{user}:{password}@{p['host']}:{p['port']}/{scratch_db.name}"
    finally:
        conn.cursor().execute(f"DROP USER IF EXISTS '{user}'@'%'")
        conn.close()


def as_user(scratch_db, url, *args, env=None):
    return run_manage(*args, database_url=url, env=env)


def test_a_no_op_migrate_needs_no_ddl_rights(scratch_db, dml_url):
    scratch_db.manage("migrate", check=True)
    result = as_user(scratch_db, dml_url, "migrate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No migrations to apply." in result.stdout


def test_real_work_without_the_rights_names_the_privilege(scratch_db, dml_url):
    scratch_db.manage("migrate", check=True)
    result = as_user(scratch_db, dml_url, "migrate", env=WITH_PARITY_APP)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1 and len(errors) == 1, result.stdout + result.stderr
    assert "Migration parity_app.0001_initial failed: the database user lacks the CREATE privilege" in errors[0]
    assert "Grant it" in errors[0]


def test_preview_without_create_database_says_what_to_grant(scratch_db, dml_url):
    scratch_db.manage("migrate", "erp", "0001", check=True)
    result = as_user(scratch_db, dml_url, "migrate_preview", "erp")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NOTE: INSTANT/INPLACE/COPY not measured: this database user may not create the scratch database" in \
        result.stdout
    assert "grant CREATE, DROP ON" in result.stdout and "[not measured]" in result.stdout


def test_a_no_op_migrate_validates_without_ddl_rights(scratch_db, dml_url):
    """Validate on migrate reads the recorded checksums; refusing and accepting need no DDL either."""
    scratch_db.manage("migrate", env=WITH_PREVIEW_APP, check=True)
    refused = as_user(scratch_db, dml_url, "migrate", env=PREVIEW_APP_EDITED)
    errors = [line for line in refused.stderr.splitlines() if line.strip()]
    assert refused.returncode == 1 and len(errors) == 1, refused.stdout + refused.stderr
    assert "Applied migrations were edited since they ran: preview_app.0001_initial." in errors[0]
    accepted = as_user(scratch_db, dml_url, "migrate", "--accept-edited", "widened by hand (ticket 9)",
                       env=PREVIEW_APP_EDITED)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "No migrations to apply." in accepted.stdout
