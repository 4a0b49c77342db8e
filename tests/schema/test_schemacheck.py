"""`manage.py schemacheck` against real databases: a fresh migrate matches, manual changes are classified."""

import json

import pytest

from tests.support import is_mysql

# Each test runs manage.py against fresh databases in subprocesses: not in `make test-fast`.
pytestmark = pytest.mark.slow


def schemacheck(db, *args):
    return db.manage("schemacheck", *args, env={"ERP_SAMPLE_DATA": "false"})


@pytest.fixture
def migrated_db(scratch_db):
    scratch_db.manage("migrate", check=True, env={"ERP_SAMPLE_DATA": "false"})
    return scratch_db


def test_fresh_migrate_matches_and_json_parses(migrated_db):
    as_json = schemacheck(migrated_db, "--json")
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["ok"] is True
    assert report["counts"]["drift"] == 0
    assert report["pending_migrations"] == []
    assert "column_type" in report["kinds"] and report["kinds"]["column_type"]["severity"] == "drift"


def test_manual_drift_is_reported_with_exit_1(migrated_db):
    db = migrated_db
    if is_mysql():
        db.query("ALTER TABLE customer DROP COLUMN address, MODIFY credit_limit FLOAT NOT NULL")
    else:
        db.query("ALTER TABLE customer DROP COLUMN address")
    db.query("DROP INDEX customer_name_idx ON customer" if is_mysql() else "DROP INDEX customer_name_idx")

    text = schemacheck(db)
    assert text.returncode == 1, text.stdout + text.stderr
    assert "DRIFT found" in text.stdout
    assert "column_missing" in text.stdout and "customer.address" in text.stdout
    assert "index_missing" in text.stdout and "customer.customer_name_idx" in text.stdout

    report = json.loads(schemacheck(db, "--json").stdout)
    kinds = {(d["kind"], d["table"], d["name"]) for d in report["differences"] if d["severity"] == "drift"}
    assert ("column_missing", "customer", "address") in kinds
    assert ("index_missing", "customer", "customer_name_idx") in kinds
    if is_mysql():
        drift = {d["name"]: d for d in report["differences"] if d["kind"] == "column_type"}
        assert drift["credit_limit"]["actual"] == "float"
        assert drift["credit_limit"]["expected"] == "decimal(12,2)"


def test_legacy_leftovers_are_harmless_and_unmanaged_tables_informational(migrated_db, mysql_only):
    db = migrated_db
    db.query("ALTER TABLE sales_target MODIFY month INT NOT NULL COMMENT '1-12'")
    db.query("ALTER TABLE vehicle MODIFY status VARCHAR(50) NOT NULL DEFAULT 'available'")
    db.query("ALTER TABLE vehicle ADD INDEX idx_vehicle_status_legacy (status)")
    db.query("ALTER TABLE customer RENAME INDEX customer_name_idx TO legacy_customer_name")
    db.query("CREATE TABLE production_order (id INT PRIMARY KEY, order_number VARCHAR(50))")
    db.query("ALTER TABLE showroom_product ADD CONSTRAINT legacy_po_fk FOREIGN KEY (production_order_id) "
             "REFERENCES production_order (id)")
    db.query("ALTER TABLE customer ADD COLUMN legacy_code VARCHAR(20) NULL")

    result = schemacheck(db, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    found = {(d["kind"], d["table"], d["name"]): d["severity"] for d in report["differences"]}
    assert found[("column_comment", "sales_target", "month")] == "harmless"
    assert found[("column_legacy_default", "vehicle", "status")] == "harmless"
    assert found[("index_extra", "vehicle", "idx_vehicle_status_legacy")] == "harmless"
    assert found[("index_name", "customer", "customer_name_idx")] == "harmless"
    assert found[("fk_to_unmanaged", "showroom_product", "legacy_po_fk")] == "harmless"
    assert found[("table_unmanaged", "production_order", "")] == "info"
    assert found[("column_unmanaged", "customer", "legacy_code")] == "info"

    # A legacy CHECK the models do not declare would refuse valid writes: drift.
    db.query("ALTER TABLE vehicle ADD CONSTRAINT legacy_ck CHECK (char_length(notes) < 100)")
    text = schemacheck(db)
    assert text.returncode == 1
    assert "check_extra" in text.stdout and "vehicle.legacy_ck" in text.stdout
