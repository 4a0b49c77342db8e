"""dbstatus: per module app tables, row counts and migrations, on empty and migrated databases; edited
migrations found by their checksum."""

import json

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow

APPS = ["erp", "showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]


def test_dbstatus_on_an_empty_database(scratch_db):
    text = scratch_db.manage("dbstatus", check=True).stdout
    assert "No django_migrations table" in text
    assert "showroom_product" in text and "missing" in text
    report = json.loads(scratch_db.manage("dbstatus", "--json", check=True).stdout)
    assert [a["app"] for a in report["apps"]] == APPS
    assert all(not t["exists"] for a in report["apps"] for t in a["tables"])
    assert all(a["applied"] == [] and a["unapplied"] for a in report["apps"])
    assert report["edited_migrations"] == []
    # Read-only: still nothing there.
    assert scratch_db.manage("dbstatus", check=True).stdout == text


def test_dbstatus_on_a_migrated_database_and_an_edited_migration(scratch_db):
    env = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "preview_app"}
    scratch_db.manage("migrate", env=env, check=True)
    text = scratch_db.manage("dbstatus", env=env, check=True).stdout
    assert "[X] 0002_sample_catalogue" in text
    assert "No applied migration was edited since it ran." in text
    report = json.loads(scratch_db.manage("dbstatus", "--json", env=env, check=True).stdout)
    apps = {a["app"]: a for a in report["apps"]}
    assert apps["showroom"]["applied"][:2] == ["0001_initial", "0002_sample_catalogue"]
    assert apps["showroom"]["unapplied"] == []
    products = next(t for t in apps["showroom"]["tables"] if t["table"] == "showroom_product")
    assert products == {**products, "exists": True, "rows": 8}
    assert "0004_migration_checksum" in apps["erp"]["applied"]
    assert report["edited_migrations"] == []

    recorded = scratch_db.query(
        "SELECT checksum FROM erp_migration_checksum WHERE app = 'preview_app' AND name = '0001_initial'"
    )
    assert len(recorded) == 1 and len(recorded[0][0]) == 64
    # Same file, different operations (a max_length changed after the migration was applied).
    edited = {**env, "PREVIEW_APP_NAME_LENGTH": "120"}
    report = json.loads(scratch_db.manage("dbstatus", "--json", env=edited, check=True).stdout)
    assert [(e["app"], e["name"]) for e in report["edited_migrations"]] == [("preview_app", "0001_initial")]
    assert report["edited_migrations"][0]["recorded_checksum"] == recorded[0][0]
    text = scratch_db.manage("dbstatus", env=edited, check=True).stdout
    assert "! preview_app.0001_initial" in text


PARITY = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app,parity_app"}
ORPHAN = {**PARITY, "ERP_TEST_MIGRATION_MODULES": "parity_app=tests.migration_apps.parity_app.migrations_orphan"}


def test_dbstatus_shows_a_half_applied_migration_and_applied_ones_whose_files_are_gone(scratch_db):
    """Issue 11, items 11 and 8: what a failed or killed migrate left, and a graph with a file gone, which
    dbstatus still shows and schemacheck reports as 'could not check' (exit 3), not as drift."""
    from tests.support import is_mysql

    scratch_db.manage("migrate", "parity_app", env=PARITY, check=True)
    if is_mysql():
        assert scratch_db.manage("migrate", "failing_app", env={**PARITY, "FAILING_APP_BROKEN": "1"}).returncode == 1
    else:  # SQLite rolls a failed migration back: only a killed one leaves its note, in the lock file
        lock_file = scratch_db.path.with_name(scratch_db.path.name + ".migrate-lock")
        lock_file.write_text(json.dumps({"host": "gone", "pid": 1, "since": "earlier", "purpose": "migrate",
                                         "migrating": "failing_app.0002_colour_then_weight"}))
    text = scratch_db.manage("dbstatus", env=PARITY, check=True).stdout
    assert "Half-applied: failing_app.0002_colour_then_weight, which a migrate started and did not finish" in text
    report = json.loads(scratch_db.manage("dbstatus", "--json", env=PARITY, check=True).stdout)
    assert report["half_applied"] == "failing_app.0002_colour_then_weight" and report["files_gone"] == []

    # parity_app.0001's file gone: the graph cannot be built, dbstatus still answers.
    text = scratch_db.manage("dbstatus", env=ORPHAN, check=True).stdout
    assert "Recorded as applied, but their migration files are gone: parity_app.0001_initial" in text
    check = scratch_db.manage("schemacheck", env=ORPHAN)
    errors = [line for line in check.stderr.splitlines() if line.strip()]
    assert check.returncode == 3 and len(errors) == 1, check.stdout + check.stderr
    assert "schema check could not run: NodeNotFoundError" in errors[0]
