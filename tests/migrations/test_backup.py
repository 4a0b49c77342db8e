"""migrate --backup PATH: a dump inside the lock before applying anything, and only when needed."""

import stat

import pytest

from tests.support import is_mysql

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow


def test_backup_before_applying_and_not_when_nothing_to_apply(scratch_db, tmp_path):
    scratch_db.manage("migrate", "erp", "0001", check=True)
    path = tmp_path / "before.sql"
    result = scratch_db.manage("migrate", "--backup", str(path), check=True)
    assert f"Backup of the database written to {path}" in result.stdout
    assert result.stdout.index("Backup of the database") < result.stdout.index("Applying")
    # Every password hash and personal record is in it: readable by its owner only (issue 11, item 12).
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    if is_mysql():
        dump = path.read_text()
        assert "CREATE TABLE `erp_bootstrap_record`" in dump
        assert "CREATE TABLE `customer`" not in dump  # taken before the rest was applied
    else:
        import sqlite3

        with sqlite3.connect(path) as copy:
            tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "erp_bootstrap_record" in tables and "customer" not in tables

    again = tmp_path / "again.sql"
    result = scratch_db.manage("migrate", "--backup", str(again), check=True)
    assert "Nothing to apply: no backup written" in result.stdout
    assert not again.exists()


def test_failed_backup_migrates_nothing(scratch_db, tmp_path):
    scratch_db.manage("migrate", "erp", "0001", check=True)
    # A path the backup cannot be written to (sysfs refuses new files, even to root).
    result = scratch_db.manage("migrate", "--backup", "/sys/kernel/erp-backup.sql")
    assert result.returncode == 74, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "backup" in errors[0].lower() and "Nothing was migrated." in errors[0]
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'sales'") == [(0,)]

    missing_dir = scratch_db.manage("migrate", "--backup", str(tmp_path / "no" / "such" / "dir.sql"))
    assert missing_dir.returncode == 74 and "does not exist" in missing_dir.stderr
