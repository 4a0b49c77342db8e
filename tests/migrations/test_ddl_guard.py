"""DDL guardrails on MariaDB (issue 11): a migrate's DDL waits a bounded time for a table's metadata lock, held
here by a real open transaction, then stops with one line naming the blocking connection and what it runs."""

import threading
import time

import pytest

from tests.support import mysql_connect

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mysql_only")]


def test_ddl_behind_an_open_transaction_gives_up_and_names_the_blocker(scratch_db):
    scratch_db.manage("migrate", check=True)
    # sales.0003 adds indexes to sales_transaction: make it pending again.
    scratch_db.manage("migrate", "sales", "0002", check=True)
    holder = mysql_connect(scratch_db.name)
    try:
        cur = holder.cursor()
        cur.execute("SELECT CONNECTION_ID()")
        holder_id = cur.fetchone()[0]
        holder.autocommit(False)
        cur.execute("SELECT COUNT(*) FROM sales_transaction")  # holds its metadata lock until the commit
        started = time.monotonic()
        result = scratch_db.manage("migrate", env={"ERP_MIGRATE_DDL_LOCK_WAIT": "2"}, timeout=120)
        took = time.monotonic() - started
        assert result.returncode == 1, result.stdout + result.stderr
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(errors) == 1, result.stderr
        assert "Migration sales.0003_transaction_changelist_indexes failed: gave up after 2 s waiting for a " \
               "table's metadata lock" in errors[0]
        assert f"blocked by connection {holder_id} (root@" in errors[0]
        assert "idle in a transaction open since" in errors[0]
        assert took < 60  # the server's default would have waited a day
        holder.rollback()

        # A connection inside a running statement is named with its text.
        busy = mysql_connect(scratch_db.name)
        busy_cur = busy.cursor()
        busy_cur.execute("SELECT CONNECTION_ID()")
        busy_id = busy_cur.fetchone()[0]
        busy.autocommit(False)
        busy_cur.execute("SELECT COUNT(*) FROM sales_transaction")

        def sleep():
            try:
                busy_cur.execute("SELECT SLEEP(20)")
            except Exception:  # KILL QUERY below ends it
                pass

        sleeper = threading.Thread(target=sleep)
        sleeper.start()
        time.sleep(0.5)
        result = scratch_db.manage("migrate", env={"ERP_MIGRATE_DDL_LOCK_WAIT": "2"}, timeout=120)
        assert result.returncode == 1
        assert f"blocked by connection {busy_id} (root@" in result.stderr
        assert "running for" in result.stderr and "SELECT SLEEP(20)" in result.stderr
        holder.cursor().execute(f"KILL QUERY {busy_id}")
        sleeper.join(30)
        busy.rollback()
        busy.close()
    finally:
        holder.rollback()
        holder.close()
    # The blocker gone, a plain re-run finishes the migration.
    done = scratch_db.manage("migrate", env={"ERP_MIGRATE_DDL_LOCK_WAIT": "2"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert scratch_db.query("SELECT COUNT(*) FROM django_migrations WHERE app = 'sales' "
                            "AND name = '0003_transaction_changelist_indexes'") == [(1,)]
    history = scratch_db.query("SELECT outcome, detail FROM erp_migration_run ORDER BY id")
    assert [o for o, _d in history][-3:] == ["failed", "failed", "succeeded"]
    assert f"connection {holder_id}" in history[-3][1]
