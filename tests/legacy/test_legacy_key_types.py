"""Legacy keys of another type than the models' (INT UNSIGNED, as many MySQL schemas declare ids), on MariaDB.

MariaDB refuses to change the type of a column a foreign key joins, and to add a foreign key between columns
of different types: adoption drops the legacy foreign keys over such columns first and adds the models' ones
once every table is altered. A table the ERP does not manage that references such a key stops the run before
anything changes (its column would need the same change, and adoption never changes those tables).
"""

import pytest

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

OPTIONS = ("--resolve-values", "quarantine", "--resolve-rows", "quarantine")


def unsigned_employee_ids(*, unmanaged_too: bool):
    """employees.id and every column referencing it INT UNSIGNED, their foreign keys as before; the reference
    from tour_intimations (not managed by the ERP) dropped, or made unsigned too."""

    def mutate(db):
        conn = mysql_connect(db.name)
        cur = conn.cursor()
        cur.execute("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, c.IS_NULLABLE "
                    "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.COLUMNS c "
                    "ON (c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME) = (k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME) "
                    "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME = 'employees'")
        references = cur.fetchall()
        for table, name, _, _ in references:
            cur.execute(f"ALTER TABLE `{table}` DROP FOREIGN KEY `{name}`")
        cur.execute("ALTER TABLE employees MODIFY id INT UNSIGNED NOT NULL AUTO_INCREMENT")
        for table, name, column, nullable in references:
            if table in UNMANAGED and not unmanaged_too:
                continue
            null = "NULL" if nullable == "YES" else "NOT NULL"
            cur.execute(f"ALTER TABLE `{table}` MODIFY `{column}` INT UNSIGNED {null}")
            cur.execute(f"ALTER TABLE `{table}` ADD CONSTRAINT `{name}` FOREIGN KEY (`{column}`) "
                        "REFERENCES employees (id)")
        conn.commit()
        conn.close()

    return mutate


def references_to_employees(db) -> dict[str, str]:
    return {f"{t}.{c}": ct for t, c, ct in db.query(
        "SELECT k.TABLE_NAME, k.COLUMN_NAME, c.COLUMN_TYPE FROM information_schema.KEY_COLUMN_USAGE k "
        "JOIN information_schema.COLUMNS c "
        "ON (c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME) = (k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME) "
        "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME = 'employees'")}


def test_unsigned_keys_become_the_models_type_with_every_foreign_key(tmp_path):
    with legacy_database("schema.sql", "data.sql", mutate=unsigned_employee_ids(unmanaged_too=False)) as db:
        before = capture(db)
        legacy = references_to_employees(db)
        assert set(legacy.values()) == {"int(10) unsigned"} and len(legacy) >= 9
        dry, plan = adopt(db, "--dry-run", *OPTIONS, report=tmp_path / "dry.json")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        attendance = plan["tables"]["attendance"]["planned_sql"]
        assert attendance[0] == "ALTER TABLE `attendance` DROP FOREIGN KEY `attendance_ibfk_1`"
        assert attendance[-1].startswith("ALTER TABLE `attendance` ADD CONSTRAINT "
                                         "`attendance_employee_id_882f95e1_fk_employees_id` FOREIGN KEY")
        done, report = adopt(db, *OPTIONS, report=tmp_path / "adopt.json")
        assert done.returncode == 0, done.stdout + done.stderr
        adopted = references_to_employees(db)
        # Every legacy reference is there again, now between columns of the models' type; more join them
        # (columns the models add: a vehicle's regular driver, a transport job's driver).
        assert set(legacy) <= set(adopted) and set(adopted.values()) == {"int(11)"}
        assert {"vehicle.driver_employee_id", "transport_job.driver_id"} <= set(adopted)
        check = db.manage("schemacheck")
        assert check.returncode == 0, check.stdout
        assert_nothing_lost(before, capture(db), quarantined(db), quarantined_rows(db))


def test_a_table_the_erp_does_not_manage_referencing_such_a_key_stops_the_run(tmp_path):
    with legacy_database("schema.sql", "data.sql", mutate=unsigned_employee_ids(unmanaged_too=True)) as db:
        state = database_state(db)
        stopped, report = adopt(db, *OPTIONS, report=tmp_path / "adopt.json")
        assert stopped.returncode == 2, stopped.stdout + stopped.stderr
        conflict = next(c for c in report["conflicts"] if c["reason"] == "referenced_by_unmanaged")
        assert (conflict["table"], conflict["column"]) == ("employees", "id")
        assert "tour_intimations.employee_id references it" in stopped.stdout
        assert "give it the new type by hand first" in stopped.stdout
        assert "Nothing was changed." in stopped.stdout
        assert database_state(db) == state
