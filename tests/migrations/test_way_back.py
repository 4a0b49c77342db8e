"""Issue 11, defect 5: a way back after a half-applied migration.

`migrate app <earlier>` undoes the applied part; `--fake` clears the note; a note whose migration file
is gone stops migrate instead of vanishing; `migrate_repair` shows the note, clears it after a
confirmation (`--yes`), and marks migrations applied or unapplied, each with a recorded reason.
"""

import json

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql

pytestmark = pytest.mark.slow

APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "resume_app"}
BROKEN = {**APP, "RESUME_APP_BROKEN": "1"}
M2 = "resume_app.0002_plus_narrow_check_weight"


def half_applied(db):
    """resume_app.0002 failed after its data step and its MODIFY committed (MariaDB)."""
    db.manage("migrate", "resume_app", "0001", env=APP, check=True)
    db.query("INSERT INTO resume_ledger (value) VALUES ('x')")
    failed = db.manage("migrate", "resume_app", env=BROKEN)
    assert failed.returncode == 1 and "deliberately broken" in failed.stderr
    assert db.query("SELECT value FROM resume_ledger") == [("x+",)]


def note(db) -> str | None:
    if is_mysql():
        rows = db.query("SELECT migrating FROM erp_migration_lock")
        return rows[0][0] if rows else None
    lock_file = db.path.with_name(db.path.name + ".migrate-lock")
    text = lock_file.read_text() if lock_file.exists() else ""
    return json.loads(text).get("migrating") if text else None


def set_note(db, label: str) -> None:
    """The note a killed migrate leaves (MariaDB: the lock's row; SQLite: the dead holder's lock file)."""
    if is_mysql():
        db.query("UPDATE erp_migration_lock SET migrating = %s", (label,))
    else:
        lock_file = db.path.with_name(db.path.name + ".migrate-lock")
        lock_file.write_text(json.dumps({"host": "gone", "pid": 1, "since": "earlier", "purpose": "migrate",
                                         "migrating": label}))


def value_length(db) -> int:
    return db.query("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    "DATABASE() AND TABLE_NAME = 'resume_ledger' AND COLUMN_NAME = 'value'")[0][0]


def test_migrate_back_undoes_the_applied_part(scratch_db, mysql_only):
    half_applied(scratch_db)
    back = scratch_db.manage("migrate", "resume_app", "0001", env=APP)
    assert back.returncode == 0, back.stdout + back.stderr
    assert f"Undoing what a previous migrate applied of {M2}" in back.stdout
    assert "2 operations undone." in back.stdout
    assert scratch_db.query("SELECT value FROM resume_ledger") == [("x",)]
    assert value_length(scratch_db) == 100
    assert note(scratch_db) is None
    assert scratch_db.query("SELECT COUNT(*) FROM erp_migration_journal") == [(0,)]
    assert scratch_db.query("SELECT name FROM django_migrations WHERE app = 'resume_app'") == [("0001_initial",)]

    forward = scratch_db.manage("migrate", "resume_app", env=APP)
    assert forward.returncode == 0, forward.stdout + forward.stderr
    assert f"Applying {M2}... OK" in forward.stdout and "Resuming" not in forward.stdout
    assert scratch_db.query("SELECT value FROM resume_ledger") == [("x+",)]


def test_fake_clears_the_note(scratch_db, mysql_only):
    half_applied(scratch_db)
    faked = scratch_db.manage("migrate", "resume_app", "--fake", env=APP)
    assert faked.returncode == 0, faked.stdout + faked.stderr
    assert f"--fake: cleared the note that {M2} was half-applied" in faked.stdout
    assert note(scratch_db) is None
    assert scratch_db.query("SELECT COUNT(*) FROM erp_migration_journal") == [(0,)]
    again = scratch_db.manage("migrate", env=APP)
    assert again.returncode == 0 and "Resuming" not in again.stdout, again.stdout + again.stderr


def test_a_note_whose_migration_file_is_gone_stops_migrate(scratch_db):
    scratch_db.manage("migrate", "resume_app", "0001", env=APP, check=True)
    set_note(scratch_db, "resume_app.0003_deleted_since")
    for _ in range(2):  # and the note is still there for the second run
        result = scratch_db.manage("migrate", env=APP)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "resume_app.0003_deleted_since was left half-applied" in result.stderr
        assert "its migration file is gone" in result.stderr and "migrate_repair --clear" in result.stderr
        assert "Traceback" not in result.stderr
        assert note(scratch_db) == "resume_app.0003_deleted_since"


def test_repair_shows_clears_after_confirmation_and_marks_with_a_reason(scratch_db):
    scratch_db.manage("migrate", "erp", env=APP, check=True)  # the run history's table
    scratch_db.manage("migrate", "resume_app", "0001", env=APP, check=True)
    set_note(scratch_db, M2)

    shown = scratch_db.manage("migrate_repair", env=APP)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert f"Half-applied: {M2}" in shown.stdout
    assert note(scratch_db) == M2  # showing changes nothing

    no_reason = scratch_db.manage("migrate_repair", "--clear", "--yes", env=APP)
    assert no_reason.returncode == 1 and "--reason is required" in no_reason.stderr
    refused = scratch_db.manage("migrate_repair", "--clear", "--reason", "dropped by hand", env=APP, input="no\n")
    assert refused.returncode == 1 and "Not confirmed" in refused.stderr
    assert note(scratch_db) == M2

    confirmed = scratch_db.manage("migrate_repair", "--clear", "--reason", "undone by hand", env=APP, input="yes\n")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    assert note(scratch_db) is None

    marked = scratch_db.manage("migrate_repair", "--mark-applied", "resume_app", "0002", "--yes",
                               "--reason", "applied by the DBA", env=APP)
    assert marked.returncode == 0, marked.stdout + marked.stderr
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'resume_app'") == [(2,)]
    unmarked = scratch_db.manage("migrate_repair", "--mark-unapplied", "resume_app", "0002", "--yes",
                                 "--reason", "the DBA undid it", env=APP)
    assert unmarked.returncode == 0, unmarked.stdout + unmarked.stderr
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'resume_app'") == [(1,)]

    runs = scratch_db.query("SELECT outcome, detail FROM erp_migration_run WHERE kind = 'repair' ORDER BY id")
    assert [o for o, _ in runs] == ["failed", "succeeded", "succeeded", "succeeded"], runs  # first: not confirmed
    assert [d for _, d in runs][1:] == ["cleared the half-applied note: undone by hand",
                                       "marked applied: applied by the DBA", "marked unapplied: the DBA undid it"]
    history = scratch_db.manage("migrate_repair", env=APP).stdout
    assert "No half-applied migration is noted." in history
    for line in (f"{M2}: cleared the half-applied note by ", ": undone by hand",
                 f"{M2}: marked applied by ", ": applied by the DBA", f"{M2}: marked unapplied by "):
        assert line in history, history
