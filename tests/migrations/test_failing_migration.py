"""A migration that fails half-way: a clear error, the lock released, and a re-run that continues."""

import pytest

from erp.migration_safety import EXIT_LOCK_TIMEOUT
from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql

pytestmark = pytest.mark.slow

BROKEN = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app", "FAILING_APP_BROKEN": "1"}
FIXED = {**BROKEN, "FAILING_APP_BROKEN": "0"}


def columns(db, table):
    if is_mysql():
        return {r[0] for r in db.query(f"SHOW COLUMNS FROM `{table}`")}
    return {r[1] for r in db.query(f'PRAGMA table_info("{table}")')}


def test_failing_migration_reports_releases_the_lock_and_resumes_once_fixed(scratch_db):
    failed = scratch_db.manage("migrate", "failing_app", env=BROKEN)
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, failed.stderr
    assert "Migration failing_app.0002_colour_then_weight failed: RuntimeError: deliberately broken" in errors[0]
    assert "run migrate again" in errors[0]
    assert "Applying failing_app.0001_initial... OK" in failed.stdout
    if is_mysql():
        # Each DDL statement committed by itself: the column added before the failure is there.
        assert "colour" in columns(scratch_db, "failing_app_gadget")
    else:
        # SQLite ran the migration in one transaction: nothing of it is left.
        assert "colour" not in columns(scratch_db, "failing_app_gadget")

    # The lock was released with the failure: another run gets it at once (and fails the same way).
    again = scratch_db.manage("migrate", "failing_app", "--lock-timeout", "0", env=BROKEN)
    assert again.returncode == 1 and again.returncode != EXIT_LOCK_TIMEOUT
    assert "deliberately broken" in again.stderr

    fixed = scratch_db.manage("migrate", "failing_app", env=FIXED)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    if is_mysql():
        assert "Resuming failing_app.0002_colour_then_weight" in fixed.stdout
    else:
        assert "Applying failing_app.0002_colour_then_weight... OK" in fixed.stdout
    assert {"colour", "weight"} <= columns(scratch_db, "failing_app_gadget")
    assert scratch_db.query(
        "SELECT COUNT(*) FROM django_migrations WHERE app = 'failing_app' AND name = '0002_colour_then_weight'"
    ) == [(1,)]
    assert "No migrations to apply." in scratch_db.manage("migrate", "failing_app", env=FIXED, check=True).stdout


def test_an_existing_table_of_another_shape_is_not_taken_for_a_half_done_migration(scratch_db, mysql_only):
    # As in a legacy database nobody adopted: a table of that name, other columns.
    scratch_db.query("CREATE TABLE failing_app_gadget (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(10))")
    result = scratch_db.manage("migrate", "failing_app", env=FIXED)
    assert result.returncode == 1
    assert "Migration failing_app.0001_initial failed" in result.stderr and "already exists" in result.stderr
    # Even when the journal says that migration was interrupted, the shape check refuses it.
    scratch_db.query("UPDATE erp_migration_lock SET migrating = 'failing_app.0001_initial'")
    result = scratch_db.manage("migrate", "failing_app", env=FIXED)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert {r[0] for r in scratch_db.query("SHOW COLUMNS FROM failing_app_gadget")} == {"id", "label"}
