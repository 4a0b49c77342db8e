"""Issue 11, defect 1: the fast path after ordinary model changes that an earlier data migration meets.

(a) fastpath_app: a data migration that reads ERP_SAMPLE_DATA writes a row, then a later migration adds
    a field with a default (on the final table the insert fails: 1364 no default value).
(b) fastpath_rename_app: a data migration uses a field that a later migration renames (1054 Unknown column).
(c) fastpath_condition_app: a later migration changes the condition of a check constraint on the table a
    data migration writes to (guarded like (a) and (b)), while
(d) fastpath_message_app, where a later migration changes only constraints' messages and codes (no SQL, as
    showroom.0003_constraint_messages), stays on the fast path.
The fast path must not build anything but what a replay builds, its verification must never leave a file
saying on, and a fast path that goes wrong in the field falls back to a replay by itself.
"""

import pytest

from erp.migration_safety import fast_path
from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import scratch_database

pytestmark = pytest.mark.slow

CASES = {
    "fastpath_app": ("fastpath_app.0002_sample_gizmo", "fastpath_gizmo"),
    "fastpath_rename_app": ("fastpath_rename_app.0002_first_doohickey", "fastpath_doohickey"),
    "fastpath_condition_app": ("fastpath_condition_app.0002_sample_sprocket", "fastpath_sprocket"),
}


def env_for(app: str) -> dict:
    return {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": app, "ERP_SAMPLE_DATA": "true"}


CAPTURE = """
from pathlib import Path
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from erp.migration_safety import fast_path
plan = fast_path.full_plan(MigrationLoader(connections["default"]))
snapshot = fast_path.capture("default", plan)
snapshot.off = ""
Path({path!r}).write_text(fast_path.render(snapshot), encoding="utf-8")
"""


@pytest.mark.parametrize("app", sorted(CASES))
def test_schema_snapshot_never_writes_on_when_the_fast_path_differs(app, scratch_db, tmp_path, mysql_only):
    migration, table = CASES[app]
    target = tmp_path / "schema.sql"
    result = scratch_db.manage("schema_snapshot", "--output", str(target), env=env_for(app))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    written = fast_path.read(target)
    assert written.off, target.read_text()[:2000]
    assert f"{migration} uses {table}, which later migrations change" in written.off
    assert "fast path: on" not in target.read_text()
    assert "fast path OFF" in result.stdout


@pytest.mark.parametrize("app", sorted(CASES))
def test_a_fast_path_that_goes_wrong_falls_back_to_a_replay(app, tmp_path, snapshot, mysql_only):
    """A schema file that says on (as main's schema_snapshot wrote for these apps): migrate still
    completes, by replaying, and builds what a replay builds."""
    migration, table = CASES[app]
    schema = tmp_path / "schema.sql"
    env = env_for(app)
    with scratch_database(tmp_path, prefix="erp_fpref") as ref, scratch_database(tmp_path, prefix="erp_fp") as db:
        ref.manage("migrate", "--no-fast-path", env=env, check=True)
        ref.shell(CAPTURE.format(path=str(schema)), env=env)
        assert "fast path: on" in schema.read_text()

        first = db.manage("migrate", "--schema-file", str(schema), env=env)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "Empty database: creating" in first.stdout
        assert f"The fast path stopped ({migration} uses {table}, which later migrations change)" in first.stdout
        assert "Replaying every migration instead." in first.stdout
        assert "Traceback" not in first.stderr
        assert snapshot(db) == snapshot(ref)
        assert db.query(f"SELECT * FROM `{table}`") == ref.query(f"SELECT * FROM `{table}`")
        assert len(db.query(f"SELECT * FROM `{table}`")) == 1
        assert db.manage("schemacheck", env=env).returncode == 0
        assert "No migrations to apply." in db.manage("migrate", env=env, check=True).stdout


def test_a_change_of_constraint_messages_only_keeps_the_fast_path(tmp_path, snapshot, mysql_only):
    """The data migration writes to a table whose constraints later change only their messages and codes:
    the fast path runs it on the final table (no stop, no replay) and builds what a replay builds."""
    app, table = "fastpath_message_app", "fastpath_widget"
    schema = tmp_path / "schema.sql"
    env = env_for(app)
    with scratch_database(tmp_path, prefix="erp_fpref") as ref, scratch_database(tmp_path, prefix="erp_fp") as db:
        ref.manage("migrate", "--no-fast-path", env=env, check=True)
        ref.shell(CAPTURE.format(path=str(schema)), env=env)

        loaded = db.manage("migrate", "--schema-file", str(schema), env=env, check=True)
        assert "Empty database: creating" in loaded.stdout
        assert "The fast path stopped" not in loaded.stdout and "Replaying" not in loaded.stdout
        assert "Applying fastpath_message_app.0002_sample_widget... OK" in loaded.stdout
        assert "Applying fastpath_message_app.0001_initial... OK" not in loaded.stdout
        assert snapshot(db) == snapshot(ref)
        assert db.query(f"SELECT code, quantity FROM `{table}`") == [("W-1", 5)] == ref.query(
            f"SELECT code, quantity FROM `{table}`")
        assert db.manage("schemacheck", env=env).returncode == 0
