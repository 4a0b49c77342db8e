"""What migrate says when it stops (issue 11, item 11): a legacy database nobody adopted is refused before any
change, naming adopt_legacy (it failed six runs in a row with 'table already exists ... run migrate again')."""

import pytest

from tests.support import is_mysql

pytestmark = pytest.mark.slow


def tables(db) -> set[str]:
    if is_mysql():
        return {r[0] for r in db.query("SHOW TABLES")}
    return {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrate_on_an_unadopted_legacy_database_stops_before_any_change_and_names_adopt_legacy(scratch_db):
    scratch_db.query("CREATE TABLE showroom_product (id INTEGER PRIMARY KEY, product_name VARCHAR(50))")
    scratch_db.query("INSERT INTO showroom_product (id, product_name) VALUES (1, 'kept')")
    before = tables(scratch_db)
    for _ in range(2):  # the same answer every time: no half-made state to trip over
        result = scratch_db.manage("migrate")
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 1 and len(errors) == 1, result.stdout + result.stderr
        assert "The tables of showroom exist already (showroom_product)" in errors[0]
        assert "`manage.py adopt_legacy`" in errors[0] and "Nothing was changed" in errors[0]
        assert "run migrate again" not in errors[0]
        assert tables(scratch_db) - {"erp_migration_lock"} == before
    assert scratch_db.query("SELECT product_name FROM showroom_product") == [("kept",)]
