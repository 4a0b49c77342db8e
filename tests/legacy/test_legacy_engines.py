"""Legacy tables as old servers made them, on MariaDB: MyISAM (no transactions; a foreign key added to such a
table is dropped without a word, so the adopted schema would lack every one of them), MyISAM's FIXED and
InnoDB's COMPACT row formats (the first refused by InnoDB, the second limits index keys to 767 bytes, too
few for a unique VARCHAR(255) in utf8mb4) and zero-date DEFAULTs (with strict mode, every ALTER of such a
table fails: "Invalid default value"), with zero dates in rows, in a column the ERP manages and in one it
does not.

Adoption prepares those tables first (zero-date DEFAULTs dropped, then InnoDB), before any row is set aside or
changed, and reads the schema back before it records a migration as applied.
"""

import pytest
from django.core.management.base import CommandError
from django.db import connection, connections

from erp.legacy.adopt import Adoption
from erp.legacy.plan import TableStep
from erp.schema.introspection import ForeignKey, introspect
from tests.legacy.support import (
    UNMANAGED,
    adopt,
    assert_nothing_lost,
    capture,
    database_state,
    legacy_database,
    quarantined,
    quarantined_rows,
)
from tests.support import mysql_connect

pytestmark = pytest.mark.usefixtures("mysql_only")

ZERO = "0000-00-00 00:00:00"


def old_server_tables(db):
    """Every table MyISAM (such databases have no foreign keys), a zero-date DEFAULT on a managed column and on
    an unmanaged NOT NULL column (each row holding the zero date), and a zero date in attendance #7."""
    conn = mysql_connect(db.name)
    cur = conn.cursor()
    cur.execute("SET SESSION sql_mode = ''")
    cur.execute("SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                "WHERE CONSTRAINT_SCHEMA = DATABASE()")
    for table, name in cur.fetchall():
        cur.execute(f"ALTER TABLE `{table}` DROP FOREIGN KEY `{name}`")
    cur.execute("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
    for (table,) in cur.fetchall():
        cur.execute(f"ALTER TABLE `{table}` ENGINE=MyISAM")
    # A MyISAM table with a fixed row format (InnoDB refuses that option), and an InnoDB table in latin1 with
    # MySQL 5.6's COMPACT format, whose unique VARCHAR(255) cannot become utf8mb4 with keys of 767 bytes.
    cur.execute("ALTER TABLE sales_target ROW_FORMAT=FIXED")
    cur.execute("ALTER TABLE candidates CONVERT TO CHARACTER SET latin1")
    cur.execute("ALTER TABLE candidates ENGINE=InnoDB, ROW_FORMAT=COMPACT")
    cur.execute("ALTER TABLE employees MODIFY joining_date DATE NOT NULL DEFAULT '0000-00-00'")
    cur.execute(f"ALTER TABLE attendance ADD COLUMN legacy_stamp TIMESTAMP NOT NULL DEFAULT '{ZERO}'")
    cur.execute("UPDATE attendance SET date = '0000-00-00' WHERE id = 7")
    conn.commit()
    conn.close()


def engines(db) -> dict[str, tuple[str, str]]:
    return {t: (engine, row_format) for t, engine, row_format in db.query(
        "SELECT TABLE_NAME, ENGINE, ROW_FORMAT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")}


@pytest.fixture(scope="module")
def adopted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engines")
    options = ("--resolve-values", "quarantine", "--resolve-rows", "quarantine")
    with legacy_database("schema.sql", "data.sql", mutate=old_server_tables) as db:
        before, state = capture(db), database_state(db)
        dry, dry_report = adopt(db, "--dry-run", *options, report=tmp / "dry.json")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        assert database_state(db) == state, "the dry run changed the database"
        done, report = adopt(db, *options, report=tmp / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        yield {"db": db, "before": before, "after": capture(db), "dry": dry.stdout, "dry_report": dry_report,
               "report": report, "values": quarantined(db), "rows": quarantined_rows(db),
               "schemacheck": db.manage("schemacheck")}


def test_the_dry_run_names_each_preparation(adopted):
    dry = adopted["dry"]
    assert "engine MyISAM -> InnoDB (transactions, foreign keys)" in next(
        line for line in dry.splitlines() if line.startswith("  alter     attendance:"))
    assert "drop the zero-date default of joining_date" in dry
    assert "ALTER TABLE `employees` ALTER COLUMN `joining_date` DROP DEFAULT;" in dry
    assert "ALTER TABLE `attendance` ENGINE=InnoDB, ROW_FORMAT=DYNAMIC;" in dry
    planned = adopted["dry_report"]["tables"]["attendance"]["planned_sql"]
    # The preparation comes before anything else done to the table.
    assert planned[:2] == ["ALTER TABLE `attendance` ALTER COLUMN `legacy_stamp` DROP DEFAULT",
                           "ALTER TABLE `attendance` ENGINE=InnoDB, ROW_FORMAT=DYNAMIC"]
    assert "row format Compact -> Dynamic (long index keys)" in next(
        line for line in dry.splitlines() if line.startswith("  alter     candidates:"))
    assert adopted["dry_report"]["tables"]["candidates"]["planned_sql"][0] == \
        "ALTER TABLE `candidates` ROW_FORMAT=DYNAMIC"


def test_managed_tables_become_innodb_with_every_foreign_key(adopted):
    db = adopted["db"]
    found = engines(db)
    managed = {t for t in adopted["before"] if t not in UNMANAGED}
    assert {t: found[t] for t in managed} == {t: ("InnoDB", "Dynamic") for t in managed}
    # The tables the ERP does not manage are left as they are: engine, rows and checksum.
    assert {t: found[t][0] for t in UNMANAGED} == {t: "MyISAM" for t in UNMANAGED}
    assert all(entry["untouched"] for entry in adopted["report"]["unmanaged_tables"].values())
    assert adopted["schemacheck"].returncode == 0, adopted["schemacheck"].stdout
    fks = dict(db.query("SELECT TABLE_NAME, COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                        "WHERE CONSTRAINT_SCHEMA = DATABASE() GROUP BY TABLE_NAME"))
    assert fks.get("attendance") and fks.get("transport_job") and fks.get("employees")


def test_zero_dates_in_rows_and_defaults(adopted):
    db = adopted["db"]
    # The managed column's zero date is a conflict, resolved (set aside with its original).
    assert ("attendance", "date", "7") in adopted["values"] or ("attendance", "7") in adopted["rows"]
    # Its zero-date DEFAULT is gone; the unmanaged column keeps every value as stored and accepts the ERP's
    # inserts (NULL, no default).
    columns = {c: (nullable, default) for c, nullable, default in db.query(
        "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME, COLUMN_NAME) IN "
        "(('employees', 'joining_date'), ('attendance', 'legacy_stamp'))")}
    assert columns == {"joining_date": ("NO", None), "legacy_stamp": ("YES", "NULL")}
    stamps = {v for (v,) in db.query("SELECT CAST(legacy_stamp AS CHAR) FROM attendance")}
    assert stamps == {ZERO}


def test_every_legacy_value_is_accounted_for(adopted):
    assert_nothing_lost(adopted["before"], adopted["after"], adopted["values"], adopted["rows"])


@pytest.mark.django_db(transaction=True)
def test_a_schema_that_still_differs_is_never_recorded_as_migrated():
    """The read-back before migrations are recorded: a foreign key the models declare and the table lacks stops
    the run (as a MyISAM table's silently dropped keys would have), unless it is one added after the user
    import."""
    expected = introspect(connection, tables={"employees"})
    table = next(iter(expected.tables.values()))
    table.foreign_keys["fk_the_engine_dropped"] = ForeignKey("fk_the_engine_dropped", ("id",), table.name, ("id",))
    adoption = Adoption(dry_run=False)
    adoption.report = {}
    with pytest.raises(CommandError) as stopped:
        adoption._verify_schema(expected, [])
    assert "Stopped before recording any migration as applied" in str(stopped.value)
    assert "fk_missing" in str(stopped.value) and "fk_the_engine_dropped" in str(stopped.value)
    later = TableStep(table.name, "alter", deferred=[
        f"ADD CONSTRAINT `fk_the_engine_dropped` FOREIGN KEY (`id`) REFERENCES `{table.name}` (`id`)"])
    adoption._verify_schema(expected, [later])  # added after the import: not missing yet


@pytest.mark.django_db
def test_the_erp_creates_innodb_tables_whatever_the_servers_default():
    # A server configured with MyISAM as its default (old my.cnf files) gets InnoDB tables from `migrate`
    # and the shadow database all the same: each connection sets its own default (erp/settings.py).
    admin = mysql_connect()
    cur = admin.cursor()
    cur.execute("SELECT @@GLOBAL.default_storage_engine")
    (server_default,) = cur.fetchone()
    cur.execute("SET GLOBAL default_storage_engine = 'MyISAM'")
    try:
        erp = connections.create_connection("default")
        with erp.cursor() as erp_cur:
            erp_cur.execute("SELECT @@SESSION.default_storage_engine, @@SESSION.sql_mode")
            engine, mode = erp_cur.fetchone()
        erp.close()
    finally:
        cur.execute("SET GLOBAL default_storage_engine = %s", [server_default])
        admin.close()
    assert engine == "InnoDB" and "STRICT_TRANS_TABLES" in mode and "NO_ZERO_DATE" in mode
