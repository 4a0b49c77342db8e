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
    assert apps["showroom"]["applied"] == ["0001_initial", "0002_sample_catalogue"]
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
