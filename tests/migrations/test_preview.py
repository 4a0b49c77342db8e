"""migrate_preview on a table with rows: SQL, row counts, and (MariaDB) the measured algorithm."""

import json

import pytest

from tests.migrations.helpers import TEST_APPS_SETTINGS
from tests.support import is_mysql

ENV = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "preview_app",
       "ERP_MIGRATE_COPY_WARN_ROWS": "2"}


@pytest.fixture
def item_table_with_rows(scratch_db):
    scratch_db.manage("migrate", "preview_app", "0001", env=ENV, check=True)
    scratch_db.query("INSERT INTO preview_app_item (name, quantity) VALUES ('a', 1), ('b', 2), ('c', 3)")
    return scratch_db


@pytest.mark.slow
def test_preview_shows_sql_rows_and_algorithm(item_table_with_rows):
    db = item_table_with_rows
    result = db.manage("migrate_preview", "preview_app", env=ENV, check=True)
    out = result.stdout
    assert "preview_app.0002_note_index_bigint" in out
    assert "table preview_app_item: 3 rows" in out
    if is_mysql():
        assert "[INSTANT] ALTER TABLE `preview_app_item` ADD COLUMN `note`" in out
        assert "[INPLACE] CREATE INDEX `preview_app_name_idx`" in out
        assert "[COPY] ALTER TABLE `preview_app_item` MODIFY `quantity` bigint NOT NULL" in out
        assert "WARNING: COPY of table preview_app_item (3 rows, over ERP_MIGRATE_COPY_WARN_ROWS=2)" in out
        # The scratch database is gone and the live table untouched.
        assert db.query("SHOW DATABASES LIKE %s", (f"{db.name[:40]}_preview_%",)) == []
        assert "note" not in {r[0] for r in db.query("SHOW COLUMNS FROM preview_app_item")}
    else:
        assert '[REBUILD] CREATE TABLE "new__preview_app_item"' in out
        assert "WARNING: REBUILD of table preview_app_item (3 rows" in out
        assert "note" not in {r[1] for r in db.query("PRAGMA table_info(preview_app_item)")}
    assert db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'preview_app'") == [(1,)]

    data = json.loads(db.manage("migrate_preview", "preview_app", "--json", env=ENV, check=True).stdout)
    assert [m["migration"] for m in data] == ["preview_app.0002_note_index_bigint"]
    first = data[0]["operations"][0]
    assert first["tables"]["preview_app_item"]["rows"] == 3
    if is_mysql():
        assert first["statements"][0]["algorithm"] == "INSTANT"



FAILING = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app,preview_app"}


@pytest.mark.slow
def test_preview_of_an_empty_database_and_of_a_backwards_target(scratch_db):
    """Issue 11, item 9: an empty database previews without a traceback (tables an earlier migration of the
    plan creates are not looked for in the database), and a backwards target lists what migrate --plan does."""
    empty = scratch_db.manage("migrate_preview", "preview_app", env=ENV)
    assert empty.returncode == 0, empty.stdout + empty.stderr
    assert "preview_app.0001_initial" in empty.stdout and "preview_app.0002_note_index_bigint" in empty.stdout
    everything = scratch_db.manage("migrate_preview", env=ENV)
    assert everything.returncode == 0, everything.stderr[-2000:]
    assert "erp.0001_initial" in everything.stdout and "Traceback" not in everything.stderr

    scratch_db.manage("migrate", "preview_app", env=ENV, check=True)
    back = scratch_db.manage("migrate_preview", "preview_app", "0001", env=ENV, check=True).stdout
    plan = scratch_db.manage("migrate", "preview_app", "0001", "--plan", env=ENV, check=True).stdout
    assert "Undo Add field note to item" in plan
    assert "preview_app.0002_note_index_bigint (unapply)" in back
    assert "DROP INDEX" in back.upper() or "new__preview_app_item" in back
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'preview_app'") == [(2,)]


@pytest.mark.slow
def test_preview_after_a_failed_migrate_says_already_applied(scratch_db, mysql_only):
    assert scratch_db.manage("migrate", "failing_app", env={**FAILING, "FAILING_APP_BROKEN": "1"}).returncode == 1
    out = scratch_db.manage("migrate_preview", "failing_app", env=FAILING, check=True).stdout
    assert "[already applied] ALTER TABLE `failing_app_gadget` ADD COLUMN `colour`" in out
    assert "error:" not in out
