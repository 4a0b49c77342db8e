"""Issue 11, defect 4: a migrate killed (SIGKILL) during a long ALTER on MariaDB.

The server keeps running the dead client's ALTER. The re-run must see it in the process list and wait
for it (or, with --stop-orphans, stop it), say which, and never run the rebuild twice. The ALTER is a
real table copy of 1.5 million rows (several seconds); the process is killed with SIGKILL as soon as the
server shows it running. (A process killed while its ALTER only waits for a metadata lock is no case:
MariaDB drops that ALTER with the connection.)
"""

import time

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS, Watched

pytestmark = pytest.mark.slow

APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "resume_app"}
MODIFY = "ALTER TABLE `resume_ledger` MODIFY `value` varchar(40) NOT NULL"


def orphan_alters(db) -> list[tuple]:
    return db.query("SELECT ID, STATE FROM information_schema.PROCESSLIST WHERE DB = %s AND INFO LIKE %s",
                    (db.name, "ALTER TABLE `resume_ledger` MODIFY%"))


def wait_until(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("stop", [False, True], ids=["wait", "stop"])
def test_rerun_after_a_kill_during_an_alter_handles_the_orphan_and_rebuilds_once(scratch_db, mysql_only, stop):
    db = scratch_db
    db.manage("migrate", "resume_app", "0001", env=APP, check=True)
    db.query("INSERT INTO resume_ledger (value) VALUES ('x'), ('y')")
    db.query("INSERT INTO resume_ledger (value) SELECT CONCAT('bulk', seq) FROM seq_1_to_1500000")

    run = Watched(db.popen("migrate", "resume_app", env=APP))
    assert wait_until(lambda: orphan_alters(db), timeout=120), run.stdout + run.stderr
    run.proc.kill()
    run.finish()
    assert orphan_alters(db), "the ALTER ended before the test could look: make the table bigger"

    args = ["migrate", "resume_app", "--verbosity", "2"] + (["--stop-orphans"] if stop else [])
    rerun = Watched(db.popen(*args, env=APP))
    said = "Stopping connection" if stop else "Waiting for connection"
    assert rerun.wait_for(said, timeout=90), rerun.stdout + rerun.stderr
    assert f"`{MODIFY}`" in rerun.stdout
    assert rerun.finish() == 0, rerun.stdout + rerun.stderr
    assert "It has ended." in rerun.stdout
    assert "Resuming resume_app.0002_plus_narrow_check_weight" in rerun.stdout
    if stop:
        assert f"skipped: {MODIFY}" not in rerun.stdout  # rolled back by the server: run once, here
    else:
        assert f"skipped: {MODIFY}" in rerun.stdout  # done by the orphan: not run again
    assert sorted(db.query("SELECT value FROM resume_ledger WHERE value NOT LIKE 'bulk%%'")) == [("x+",), ("y+",)]
    assert db.query("SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                    "DATABASE() AND TABLE_NAME = 'resume_ledger' AND COLUMN_NAME = 'value'") == [(40,)]
    assert db.manage("migrate", "resume_app", env=APP, check=True).stdout.count("No migrations to apply.") == 1
