"""Issue 11, defect 2: resume recognises an applied statement by the shape it gives (type, nullability,
default, keys), not by names alone: a table of the right name and columns but another shape is not
taken for the interrupted migration's work."""

import pytest

from erp.migration_safety.ddl_effects import statement_done
from tests.migrations.helpers import TEST_APPS_SETTINGS, connection_for

APP = {"DJANGO_SETTINGS_MODULE": TEST_APPS_SETTINGS, "ERP_TEST_EXTRA_APPS": "failing_app", "FAILING_APP_BROKEN": "0"}

pytestmark = pytest.mark.slow


def test_a_reshaped_table_is_not_recorded_as_the_interrupted_migration(scratch_db, mysql_only):
    """As in the issue (fleet.0001 unrecorded, vehicle's columns MODIFYed), on a table of a test app."""
    scratch_db.manage("migrate", "failing_app", "0001", env=APP, check=True)
    scratch_db.query("DELETE FROM django_migrations WHERE app = 'failing_app'")
    scratch_db.query("ALTER TABLE failing_app_gadget MODIFY name varchar(20) NULL")
    first = scratch_db.manage("migrate", "failing_app", "0001", env=APP)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Migration failing_app.0001_initial failed" in first.stderr and "already exists" in first.stderr

    # The re-run finds the journal note: the table has the name and the columns, not the shape.
    second = scratch_db.manage("migrate", "failing_app", "0001", env=APP)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "statements were already applied" not in second.stdout
    assert "already exists" in second.stderr
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'failing_app'") == [(0,)]

    # With its shape back, it is recognised and recorded.
    scratch_db.query("ALTER TABLE failing_app_gadget MODIFY name varchar(50) NOT NULL")
    third = scratch_db.manage("migrate", "failing_app", "0001", env=APP)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "1 of 1 statements were already applied" in third.stdout


def test_statement_done_compares_type_nullability_and_default(scratch_db, mysql_only, django_db_blocker):
    scratch_db.query("CREATE TABLE probe_t (id int AUTO_INCREMENT PRIMARY KEY, qty int NOT NULL, "
                     "code varchar(20) NULL, level int DEFAULT 3 NOT NULL)")
    with django_db_blocker.unblock():
        connection = connection_for(scratch_db)
        try:
            create = ("CREATE TABLE `probe_t` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, "
                      "`qty` integer NOT NULL, `code` varchar(20) NULL, `level` integer DEFAULT 3 NOT NULL)")
            assert statement_done(connection, create) is True
            assert statement_done(connection, create.replace("`qty` integer", "`qty` smallint")) is None
            assert statement_done(connection, create.replace("`code` varchar(20) NULL",
                                                             "`code` varchar(20) NOT NULL")) is None
            assert statement_done(connection, create.replace("DEFAULT 3", "DEFAULT 4")) is None
            assert statement_done(connection, "ALTER TABLE `probe_t` MODIFY `qty` integer NOT NULL") is True
            assert statement_done(connection, "ALTER TABLE `probe_t` MODIFY `qty` bigint NOT NULL") is False
            assert statement_done(connection, "ALTER TABLE `probe_t` MODIFY `code` varchar(30) NULL") is False
            assert statement_done(connection, "ALTER TABLE `probe_t` ADD COLUMN `qty` integer NULL") is None
            assert statement_done(connection, "ALTER TABLE `probe_t` ADD COLUMN `qty` bigint NOT NULL") is None
            assert statement_done(connection, "ALTER TABLE `probe_t` ADD COLUMN `qty` integer NOT NULL") is True
            # No probe table is left behind.
            assert [r for r in scratch_db.query("SHOW TABLES") if r[0].startswith("_erp_probe")] == []
        finally:
            connection.close()
