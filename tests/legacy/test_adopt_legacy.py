"""`manage.py adopt_legacy` on real legacy MariaDB databases built from the shared fixture files."""

import json

import pytest

from tests.legacy.support import (
    UNMANAGED,
    adopt,
    assert_nothing_lost,
    capture,
    drop_random_parts,
    legacy_database,
    quarantined,
)

pytestmark = pytest.mark.usefixtures("mysql_only")


def schemacheck_ok(db):
    """schemacheck exits 0, and no migration is left for `migrate` to apply."""
    result = db.manage("schemacheck", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["pending_migrations"] == []


def migrate_has_nothing_to_do(db):
    result = db.manage("migrate", env={"ERP_SAMPLE_DATA": "false"}, check=True)
    assert "No migrations to apply." in result.stdout, result.stdout


def test_full_legacy_database_is_adopted_without_losing_anything(tmp_path):
    with legacy_database("schema.sql", "data.sql") as db:
        before = capture(db)

        # Dry run: plan, conflicts and SQL printed, nothing changed.
        dry, dry_report = adopt(db, "--dry-run", "--resolve", "quarantine", report=tmp_path / "dry.json")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        assert "ALTER TABLE `showroom_product`" in dry.stdout and "Dry run: nothing was changed." in dry.stdout
        assert dry_report["outcome"].startswith("dry run")
        assert capture(db) == before
        # The first dry run an adopter makes (no --resolve) stops on the conflicts, and lists the money too.
        first, first_report = adopt(db, "--dry-run", report=tmp_path / "first.json")
        assert first.returncode == 2 and first_report["outcome"] == "stopped: conflicts", first.stdout
        assert first_report["money_changes"] == dry_report["money_changes"] != []
        assert capture(db) == before

        # Conflicts without --resolve: listed, exit 2, nothing changed.
        stopped, stopped_report = adopt(db, report=tmp_path / "stopped.json")
        assert stopped.returncode == 2, stopped.stdout + stopped.stderr
        assert "transport_job.dispatch_request_id: dangling_reference, 1 row(s), e.g. keys [4]" in stopped.stdout
        assert {(c["table"], c["column"]) for c in stopped_report["conflicts"]} >= {
            ("transport_job", "dispatch_request_id"), ("dispatch_request", "sales_order_id"),
            ("job_applications", "candidate_id")}
        assert capture(db) == before

        done, report = adopt(db, "--resolve", "quarantine", report=tmp_path / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        assert report["outcome"] == "adopted"
        after = capture(db)
        q = quarantined(db)
        assert_nothing_lost(before, after, q)

        # The dangling references are set aside with their original values, never deleted.
        assert q[("transport_job", "dispatch_request_id", "4")][:2] == ("dangling_reference", "999")
        assert q[("dispatch_request", "sales_order_id", "8")][:2] == ("dangling_reference", "77")
        assert after["transport_job"]["rows"][4]["dispatch_request_id"] is None
        # Money: the nearest cent of the stored float, reported where the legacy display differed.
        assert str(after["showroom_product"]["rows"][4]["sale_price"]) == "149999.98"
        money = {(m["table"], m["column"], m["pk"]): m for m in report["money_changes"]}
        row4 = money[("showroom_product", "sale_price", 4)]
        assert (row4["legacy_displayed"], row4["converted"]) == ("150000", "149999.98")
        assert q[("showroom_product", "sale_price", "4")][0] == "money_review"
        # The dry run's report already listed every one of them, converted as the real run did.
        assert dry_report["money_changes"] == report["money_changes"]
        # ENUM values stay readable as the same strings; utf8mb4 survives.
        assert after["leaves"]["rows"][1]["status"] == "MANAGER_APPROVED"
        assert after["attendance"]["column_types"]["status"] == "varchar(10)"
        assert report["tables"]["attendance"]["rows_before"] == report["tables"]["attendance"]["rows_after"] == 120
        assert all(v["untouched"] for v in report["unmanaged_tables"].values())
        assert set(report["unmanaged_tables"]) == UNMANAGED
        algorithms = {s["algorithm"] for t in report["tables"].values() for s in t["statements"]}
        assert algorithms <= {"CREATE", "INSTANT", "NOCOPY", "INPLACE", "COPY"} and "COPY" in algorithms

        schemacheck_ok(db)
        migrate_has_nothing_to_do(db)

        # A second run changes nothing.
        again, again_report = adopt(db, "--resolve", "quarantine", report=tmp_path / "again.json")
        assert again.returncode == 0, again.stdout + again.stderr
        assert again_report["outcome"] == "nothing to do: already adopted"
        assert capture(db) == after

        # The history: both adoptions (the refused one wrote nothing, not even its history row), who and what.
        runs = db.query("SELECT kind, outcome, command, detail, migrations FROM erp_migration_run ORDER BY id")
        assert [r[:4] for r in runs] == [
            ("adopt", "succeeded", "adopt_legacy --resolve quarantine", "adopted"),
            ("adopt", "succeeded", "adopt_legacy --resolve quarantine", "nothing to do: already adopted")]
        assert "erp.0003_module_groups" in runs[0][4].splitlines() and runs[1][4] == ""
        assert "adopt" in db.manage("dbstatus", "--history", check=True).stdout


def test_older_install_gets_missing_tables_and_columns(tmp_path):
    with legacy_database("schema.sql", "data.sql", "partial.sql") as db:
        before = capture(db)
        done, report = adopt(db, "--resolve", "quarantine", report=tmp_path / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        after = capture(db)
        assert_nothing_lost(before, after, quarantined(db))
        for table in ("sales_target", "guest_list", "job_postings", "interviews"):
            assert report["tables"][table]["action"] == "create"
        assert "quantity" in report["tables"]["showroom_product"]["columns_added"]
        # A NOT NULL column added to a table with rows gets the model's default, not an invented value.
        assert {r["quantity"] for r in after["showroom_product"]["rows"].values()} == {1}
        assert {r["payment_terms"] for r in after["purchase_order"]["rows"].values()} == {"full_payment"}
        schemacheck_ok(db)


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_variants_are_adopted(tmp_path, seed):
    with legacy_database("schema.sql", "data.sql", mutate=drop_random_parts(seed)) as db:
        before = capture(db)
        done, report = adopt(db, "--resolve", "quarantine", report=tmp_path / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        assert_nothing_lost(before, capture(db), quarantined(db))
        schemacheck_ok(db)


def test_unresolvable_conflict_stops_even_with_quarantine(tmp_path):
    def duplicate_order_number(db):
        # sales_order.order_number is NOT NULL and unique: a duplicate cannot be set aside.
        db.query("ALTER TABLE sales_order DROP INDEX order_number")
        db.query("UPDATE sales_order SET order_number = 'SO-2024-00001' WHERE id = 2")

    with legacy_database("schema.sql", "data.sql", mutate=duplicate_order_number) as db:
        before = capture(db)
        result, report = adopt(db, "--resolve", "quarantine", report=tmp_path / "adopt.json")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "sales_order.order_number: duplicate, 1 row(s), e.g. keys [2]" in result.stdout
        assert "cannot be quarantined" in result.stdout
        assert capture(db) == before


def test_quarantined_value_is_restorable_once_its_reference_exists(tmp_path):
    with legacy_database("schema.sql", "data.sql") as db:
        done, _ = adopt(db, "--resolve", "quarantine")
        assert done.returncode == 0, done.stdout + done.stderr
        restore = (
            "from erp.models import QuarantinedValue\n"
            "from erp.legacy.quarantine import quarantined_value_restore as r\n"
            "q = QuarantinedValue.objects.get(\n"
            "    table_name='transport_job', column_name='dispatch_request_id', row_pk='4')\n"
            "print(r(record=q, restored_by='tester'))\n"
        )
        refused = db.manage("shell", "-c", restore, check=True)
        assert "(False, 'dispatch_request has no row 999" in refused.stdout
        db.query("INSERT INTO dispatch_request (id, showroom_product_id, party_name, delivery_type, status, quantity) "
                 "VALUES (999, 1, 'Recovered party', 'self', 'completed', 1)")
        restored = db.manage("shell", "-c", restore, check=True)
        assert "(True, 'restored')" in restored.stdout
        assert db.query("SELECT dispatch_request_id FROM transport_job WHERE id = 4") == [(999,)]
        assert db.query("SELECT restored_by FROM erp_quarantined_value WHERE table_name = 'transport_job' "
                        "AND row_pk = '4'") == [("tester",)]
        again = db.manage("shell", "-c", restore, check=True)
        assert "(False, 'already restored')" in again.stdout
