"""Issue 11, defect 3: resuming a half-applied migration never repeats work that committed.

resume_app.0002 appends "+" to every value (RunPython), narrows the column (MODIFY, a table copy),
then fails while RESUME_APP_BROKEN=1. On MariaDB the first two committed; the re-run must skip exactly
them (value "x+", not "x++"; the MODIFY not run again). On SQLite the migration is one transaction: the
re-run applies it whole, once.
"""

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql

pytestmark = pytest.mark.slow

APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "resume_app"}
BROKEN = {**APP, "RESUME_APP_BROKEN": "1"}


def test_resume_skips_the_journaled_data_operation_and_table_rebuild(scratch_db):
    scratch_db.manage("migrate", "resume_app", "0001", env=APP, check=True)
    scratch_db.query("INSERT INTO resume_ledger (value) VALUES ('x')")

    failed = scratch_db.manage("migrate", "resume_app", env=BROKEN)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "deliberately broken" in failed.stderr
    if is_mysql():
        assert scratch_db.query("SELECT value FROM resume_ledger") == [("x+",)]
        assert scratch_db.query("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE "
                                "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'resume_ledger' "
                                "AND COLUMN_NAME = 'value'") == [(40,)]

    fixed = scratch_db.manage("migrate", "resume_app", "--verbosity", "2", env=APP)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert scratch_db.query("SELECT value FROM resume_ledger") == [("x+",)]
    if is_mysql():
        assert "Resuming resume_app.0002_plus_narrow_check_weight" in fixed.stdout
        assert ("1 of 2 statements were already applied and were skipped, 1 of 2 data operations had run and "
                "were not repeated (as journaled)") in fixed.stdout
        assert "skipped: ALTER TABLE `resume_ledger` MODIFY `value` varchar(40) NOT NULL" in fixed.stdout
        # Nothing of it is left in the journal once it is recorded.
        assert scratch_db.query("SELECT COUNT(*) FROM erp_migration_journal WHERE kind <> 'repair'") == [(0,)]
    else:
        assert "Applying resume_app.0002_plus_narrow_check_weight... OK" in fixed.stdout
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'resume_app'") == [(2,)]
