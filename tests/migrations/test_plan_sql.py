"""`migrate_sql`: the complete SQL of a plan, forwards and backwards, without a scratch database (issue 11)."""

import pytest

from erp.migration_safety.fast_path import MACHINERY_TABLES
from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql, scratch_database

pytestmark = pytest.mark.slow

APPS = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app,parity_app",
        "FAILING_APP_BROKEN": "0"}


def statements(sql: str) -> list[str]:
    return [line for line in sql.splitlines() if line.strip() and not line.startswith("--")]


def tables(db) -> set[str]:
    if is_mysql():
        return {r[0] for r in db.query("SHOW TABLES")}
    return {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_the_sql_of_a_plan_forwards_and_backwards_changes_nothing_and_applies_by_hand(scratch_db):
    scratch_db.manage("migrate", "failing_app", "0001", env=APPS, check=True)
    recorded = scratch_db.query("SELECT app, name FROM django_migrations ORDER BY id")
    before = tables(scratch_db)

    forward = scratch_db.manage("migrate_sql", "failing_app", env=APPS, check=True).stdout
    assert "-- Apply failing_app.0002_colour_then_weight" in forward
    assert "colour" in forward and "failing_app_colour_idx" in forward and "weight" in forward
    # Its RunPython cannot be SQL: marked in place and flagged at the top.
    assert "THIS OPERATION CANNOT BE WRITTEN AS SQL" in forward
    assert "WARNING: failing_app.0002_colour_then_weight use Python code" in forward
    assert "INSERT INTO" in forward and "'0002_colour_then_weight'" in forward

    backward = scratch_db.manage("migrate_sql", "failing_app", "zero", env=APPS, check=True).stdout
    assert "-- Unapply failing_app.0001_initial" in backward
    assert any(s.startswith("DROP TABLE") and "failing_app_gadget" in s for s in statements(backward))
    assert "DELETE FROM" in backward and "'0001_initial'" in backward

    # Read-only: nothing recorded, nothing created.
    assert scratch_db.query("SELECT app, name FROM django_migrations ORDER BY id") == recorded
    assert tables(scratch_db) == before

    # Complete: applied by hand, the plan leaves migrate nothing to do.
    for statement in statements(scratch_db.manage("migrate_sql", "parity_app", env=APPS, check=True).stdout):
        scratch_db.query(statement)
    assert {"parity_app_thing", "parity_app_ghost"} <= tables(scratch_db)
    again = scratch_db.manage("migrate", "parity_app", env=APPS, check=True)
    assert "No migrations to apply." in again.stdout


def test_a_bad_target_is_refused_as_migrate_refuses_it(scratch_db):
    result = scratch_db.manage("migrate_sql", "failing_app", "nonexistent", env=APPS)
    assert result.returncode == 1
    assert "CommandError: Cannot find a migration matching 'nonexistent' from app 'failing_app'." in result.stderr


def test_the_sql_of_the_whole_plan_builds_the_schema_a_replay_builds(scratch_db, tmp_path, snapshot):
    """Everything, from an empty database: applied by hand, the SQL gives the replay's schema (the data
    migrations aside, which it names)."""
    sql = scratch_db.manage("migrate_sql", check=True).stdout
    assert "-- Create the migration history table, django_migrations" in sql
    if is_mysql():
        for statement in statements(sql):
            scratch_db.query(statement)
    else:
        import sqlite3

        with sqlite3.connect(scratch_db.path) as conn:
            conn.executescript(sql)
    with scratch_database(tmp_path, prefix="erp_replay") as replay:
        replay.manage("migrate", "--no-fast-path", check=True)
        expected = snapshot(replay)
    for table in MACHINERY_TABLES:  # migrate's own lock and journal, created on use, not by migrations
        expected.pop(table, None)
    built = snapshot(scratch_db)
    assert built == expected
