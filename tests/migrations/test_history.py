"""The history of migration runs (issue 11, "History"): every apply, unapply, resume, refusal and failure is
one row with who, when, how long and the outcome; `dbstatus --history` and the admin show them. Adoption
runs: tests/legacy/test_adopt_legacy.py; resume: tests/migrations/test_resume.py."""

import datetime
import getpass
import json
import socket
import zoneinfo

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql

FIELDS = "kind, outcome, command, migrations, detail, os_user, host, duration, started_at"


def runs(db) -> list[dict]:
    rows = db.query(f"SELECT {FIELDS} FROM erp_migration_run ORDER BY id")
    return [dict(zip([f.strip() for f in FIELDS.split(",")], row)) for row in rows]


@pytest.mark.slow
def test_every_run_that_changed_or_refused_something_is_recorded(scratch_db):
    scratch_db.manage("migrate", check=True)
    [first] = runs(scratch_db)
    assert (first["kind"], first["outcome"], first["command"]) == ("apply", "succeeded", "migrate")
    assert {"erp.0006_migration_run", "sales.0001_initial"} <= set(first["migrations"].splitlines())
    assert first["os_user"] == getpass.getuser() and first["host"] == socket.gethostname()
    assert 0 < first["duration"] < 600 and first["started_at"]

    # A no-op migrate is no run of the history.
    scratch_db.manage("migrate", check=True)
    assert len(runs(scratch_db)) == 1

    scratch_db.manage("migrate", "sales", "zero", check=True)
    unapply = runs(scratch_db)[-1]
    assert (unapply["kind"], unapply["outcome"], unapply["command"]) == ("unapply", "succeeded", "migrate sales zero")
    assert set(unapply["migrations"].splitlines()) >= {"sales.0001_initial", "fleet.0001_initial"}
    scratch_db.manage("migrate", check=True)

    # Refused: nothing changed, the reason recorded.
    scratch_db.shell("from sales.models import Customer\nCustomer.objects.create(name='Kept')\n")
    assert scratch_db.manage("migrate", "sales", "zero").returncode == 1
    refused = runs(scratch_db)[-1]
    assert (refused["kind"], refused["outcome"], refused["migrations"]) == ("unapply", "refused", "")
    assert refused["detail"].startswith("This backwards migrate would drop data: table customer (1 rows")

    text = scratch_db.manage("dbstatus", "--history", check=True).stdout
    lines = [line for line in text.splitlines() if not line.startswith("    ")]
    # Newest first: the refusal, the apply back, the unapply, the first apply.
    assert [line.split()[3:5] for line in lines] == [
        ["unapply", "refused"], ["apply", "succeeded"], ["unapply", "succeeded"], ["apply", "succeeded"]]
    assert f"{getpass.getuser()}@{socket.gethostname()}" in lines[0]
    assert "would drop data" in text
    newest = json.loads(scratch_db.manage("dbstatus", "--history", "1", "--json", check=True).stdout)
    assert [(r["kind"], r["outcome"]) for r in newest] == [("unapply", "refused")]
    bad = scratch_db.manage("dbstatus", "--history", "0")
    assert bad.returncode == 1 and "N must be 1 or more" in bad.stderr


@pytest.mark.slow
def test_a_failed_migrate_is_recorded_with_its_error_and_its_resume(scratch_db):
    env = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app",
           "FAILING_APP_BROKEN": "1"}
    scratch_db.manage("migrate", check=True)
    result = scratch_db.manage("migrate", env=env)
    assert result.returncode == 1
    failed = runs(scratch_db)[-1]
    assert (failed["kind"], failed["outcome"]) == ("apply", "failed")
    assert failed["detail"].startswith("Migration failing_app.0002_colour_then_weight failed")
    assert "failing_app.0001_initial" in failed["migrations"].splitlines()
    # Fixed: MariaDB resumes the half-applied migration, SQLite (which rolled it back) applies it again.
    scratch_db.manage("migrate", env={**env, "FAILING_APP_BROKEN": "0"}, check=True)
    done = runs(scratch_db)[-1]
    expected = "resume" if is_mysql() else "apply"
    assert (done["kind"], done["outcome"], done["migrations"]) == (
        expected, "succeeded", "failing_app.0002_colour_then_weight")


@pytest.mark.django_db
def test_admin_lists_the_runs_read_only(superuser_client):
    from erp.migration_safety import history

    run = history.Run("default", history.REPAIR, "repair sales.0004_x --mark-applied")
    run.migrations, run.detail = ["sales.0004_x"], "column added by hand (ticket 12)"
    history.record(run)
    page = superuser_client.get("/admin/erp/migrationrun/")
    assert page.status_code == 200
    assert "repair sales.0004_x --mark-applied" in page.content.decode()
    assert superuser_client.get("/admin/erp/migrationrun/add/").status_code == 403


def test_dbstatus_history_before_anything_was_migrated(scratch_db):
    assert scratch_db.manage("dbstatus", "--history", check=True).stdout.strip() == "No migration runs recorded."


@pytest.mark.slow
def test_history_shows_utc_when_the_database_stores_local_times(scratch_db):
    """A database that stores the site's local times (DATABASE_TIME_ZONE, an adopted legacy database): the
    history still says UTC, and means it."""
    local = {"DATABASE_TIME_ZONE": "Asia/Kolkata", "TIME_ZONE": "Asia/Kolkata"}
    scratch_db.manage("migrate", env=local, check=True)
    [stored] = scratch_db.query("SELECT started_at FROM erp_migration_run")[0]
    if isinstance(stored, str):  # SQLite keeps text
        stored = datetime.datetime.fromisoformat(stored)
    now = datetime.datetime.now(datetime.UTC)
    kolkata = now.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata")).replace(tzinfo=None)
    assert abs(stored - kolkata) < datetime.timedelta(minutes=10)  # stored as local time
    line = scratch_db.manage("dbstatus", "--history", env=local, check=True).stdout.splitlines()[0]
    shown = datetime.datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    assert line[19:24] == " UTC " and abs(shown - now) < datetime.timedelta(minutes=10), line
