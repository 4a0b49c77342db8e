"""A refused adoption changes nothing at all (issue 12, item 2): no table created (the migration lock's holder
table, the history of runs), no row written, on a dry run and on a real run stopped by conflicts, whether
the tooling's tables exist already or not. Compared through information_schema and CHECKSUM TABLE."""

import pytest

from tests.legacy.support import adopt, database_state, legacy_database

pytestmark = pytest.mark.usefixtures("mysql_only")

# The tooling's own tables, as an earlier run of the ERP's commands may have left them in a legacy database.
CREATE_TOOLING_TABLES = """
from django.db import connection
from erp.migration_safety.lock import migration_lock
from erp.models import MigrationRun
with connection.schema_editor() as editor:
    editor.create_model(MigrationRun)
with migration_lock(purpose="test"):
    pass
"""


def duplicate_order_number(db):
    # sales_order.order_number is NOT NULL and unique: a duplicate that no resolution of values can set aside.
    db.query("ALTER TABLE sales_order DROP INDEX order_number")
    db.query("UPDATE sales_order SET order_number = 'SO-2024-00001' WHERE id = 2")


def test_refused_runs_create_no_table_and_write_no_row(tmp_path):
    with legacy_database("schema.sql", "data.sql") as db:
        before = database_state(db)
        assert "erp_migration_lock" not in before["rows"] and "erp_migration_run" not in before["rows"]

        dry, _ = adopt(db, "--dry-run", report=tmp_path / "dry.json")
        assert dry.returncode == 2, dry.stdout + dry.stderr
        assert database_state(db) == before

        stopped, report = adopt(db, report=tmp_path / "stopped.json")
        assert stopped.returncode == 2, stopped.stdout + stopped.stderr
        assert "Nothing was changed." in stopped.stdout
        assert report["outcome"] == "stopped: conflicts"
        assert database_state(db) == before


def test_refused_run_writes_nothing_when_the_tooling_tables_exist(tmp_path):
    with legacy_database("schema.sql", "data.sql", mutate=duplicate_order_number) as db:
        db.shell(CREATE_TOOLING_TABLES)
        before = database_state(db)
        assert before["rows"]["erp_migration_run"][0] == 0 and "erp_migration_lock" in before["rows"]

        for args in (("--resolve", "quarantine"), ()):
            result, _ = adopt(db, *args)
            assert result.returncode == 2, result.stdout + result.stderr
            assert "sales_order.order_number: duplicate" in result.stdout
            assert database_state(db) == before, args
