"""`manage.py seed_demo`: consistent, reproducible volume data; refuses business data unless told to append."""

from collections import defaultdict
from datetime import date

import pytest

from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from gate.models import GateEntryLog
from hr.models import Attendance, Employee
from sales.models import SalesOrder, SalesTransaction

UNTIL = "2026-03-14"


def _rows(seed: int) -> dict[str, list[tuple]]:
    seeder = Seeder(plan=Plan.for_scale(400, date.fromisoformat(UNTIL)), seed=seed)
    seeder.start_ids = {"hr.Employee": 1}
    return {name: list(getattr(seeder, name)()) for name in ("employees", "attendance", "transactions", "gate_logs")}


def test_same_seed_same_rows_other_seed_other_rows():
    assert _rows(3) == _rows(3)
    assert _rows(3)["attendance"] != _rows(4)["attendance"]


@pytest.mark.django_db
def test_generated_data_is_consistent():
    counts = Seeder(plan=Plan.for_scale(900, date.fromisoformat(UNTIL)), seed=5).run()
    # Whole working days for every employee: N rounded up to a full day.
    assert counts["hr.Attendance"] == Attendance.objects.count()
    assert 900 <= Attendance.objects.count() < 900 + Employee.objects.count()
    assert counts["gate.GateEntryLog"] == GateEntryLog.objects.count() == 900
    assert SalesTransaction.objects.count() == 900
    # Everyone but the managing director has a manager, who is one of the managers.
    assert Employee.objects.filter(manager__isnull=True).count() == 1
    assert not Employee.objects.filter(manager__manager__isnull=False, reports__isnull=False).exists()
    # No attendance on Sundays; one record per employee and day.
    assert not Attendance.objects.filter(date__week_day=1).exists()
    # Each gate user's logs alternate entry, exit, entry, ... in time order.
    actions = defaultdict(list)
    for user, action in GateEntryLog.objects.order_by("user_id", "timestamp", "id").values_list("user_id", "action"):
        actions[user].append(action)
    for sequence in actions.values():
        assert sequence == [("entry", "exit")[i % 2] for i in range(len(sequence))]
    # Payments of a paid order add up to its amount.
    order = SalesOrder.objects.filter(payment_status="paid").first()
    assert sum(t.amount for t in order.transactions.all()) == order.final_amount


@pytest.mark.slow
def test_command_seeds_reports_rate_and_guards_business_data(scratch_db):
    scratch_db.manage("migrate", "-v0", check=True)
    result = scratch_db.manage("seed_demo", "--scale", "300", "--seed", "2", "--until", UNTIL, "--no-progress")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("Seeded ") and "rows/s" in line, line
    count_sql = "SELECT COUNT(*) FROM gate_entry_logs"
    assert scratch_db.query(count_sql)[0][0] == 300

    refused = scratch_db.manage("seed_demo", "--scale", "300", "--until", UNTIL)
    assert refused.returncode == 1
    assert "already has business rows" in refused.stderr and "--append" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert scratch_db.query(count_sql)[0][0] == 300

    appended = scratch_db.manage("seed_demo", "--scale", "300", "--until", UNTIL, "--append", "--no-progress")
    assert appended.returncode == 0, appended.stderr
    assert scratch_db.query(count_sql)[0][0] == 600


@pytest.mark.parametrize("args,message", [
    (["--scale", "0"], "--scale must be at least 1"),
    (["--scale", "lots"], "--scale must be a whole number"),
    (["--scale", "10", "--seed", "-1"], "--seed must not be negative"),
    (["--scale", "10", "--until", "yesterday"], "--until must be a date"),
])
@pytest.mark.slow
def test_bad_arguments_are_refused_with_one_line(scratch_db, args, message):
    result = scratch_db.manage("seed_demo", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ MariaDB bulk load
AUTO_KEYED = ("attendance", "gate_entry_logs", "sales_transaction", "gate_pass", "transport_job")


def _indexes(db, table: str) -> set[tuple]:
    return set(db.query(
        "SELECT INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
        "FROM information_schema.STATISTICS "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s GROUP BY INDEX_NAME, NON_UNIQUE", (table,)))


def test_bulk_load_keeps_schema_keys_and_rows(scratch_db, mysql_only, tmp_path):
    """Indexes dropped for the load come back as the migrations made them; same seed, same rows either way."""
    from tests.support import scratch_database

    scratch_db.manage("migrate", "-v0", check=True)
    before = {t: _indexes(scratch_db, t) for t in AUTO_KEYED}
    deferred = scratch_db.manage("seed_demo", "--scale", "2000", "--seed", "4", "--until", UNTIL, "--no-progress",
                                 "--defer-indexes", "always", "-v2")
    assert deferred.returncode == 0, deferred.stderr
    assert "indexes built after the load" in deferred.stdout
    assert {t: _indexes(scratch_db, t) for t in AUTO_KEYED} == before
    check = scratch_db.manage("schemacheck")
    assert check.returncode == 0, check.stdout + check.stderr
    # Keys given by the seeder: consecutive from 1, as AUTO_INCREMENT would give them row by row.
    for table in AUTO_KEYED:
        assert scratch_db.query(f"SELECT MIN(id), MAX(id), COUNT(*) FROM {table}")[0][:2] == \
            (1, scratch_db.query(f"SELECT COUNT(*) FROM {table}")[0][0])

    with scratch_database(tmp_path / "other", prefix="erp_scratch_same") as other:
        other.manage("migrate", "-v0", check=True)
        kept = other.manage("seed_demo", "--scale", "2000", "--seed", "4", "--until", UNTIL, "--no-progress",
                            "--defer-indexes", "never")
        assert kept.returncode == 0, kept.stderr
        for table in (*AUTO_KEYED, "employees", "sales_order", "payrolls", "leaves", "guest_list", "purchase_order"):
            assert scratch_db.query(f"SELECT * FROM {table} ORDER BY id") == \
                other.query(f"SELECT * FROM {table} ORDER BY id"), table


def test_bulk_load_escapes_awkward_text(scratch_db, mysql_only):
    """Tabs, newlines, backslashes, quotes and NULLs survive LOAD DATA's text format."""
    scratch_db.manage("migrate", "-v0", check=True)
    code = """
from django.db import connections
from erp.demo_data.writer import Progress, TableWriter
from guestlist.models import GuestVisit
names = ["guest_name", "guest_contact", "guest_company", "meeting_person", "meeting_person_department",
         "visit_date", "visit_time", "purpose", "in_time", "out_time", "status", "created_by", "created_at",
         "updated_at"]
texts = ["tab\\there", "line\\nbreak", "back\\\\slash\\\\N", "quote ' and \\"", "plain", "nul\\x00byte"]
rows = [(t, "900", None, "Host", "HR", "2026-03-02", "10:00:00", t, None, None, "scheduled", "reception",
         "2026-03-02 10:00:00", "2026-03-02 10:00:00") for t in texts]
c = connections["default"]
loader = c.get_new_connection({**c.get_connection_params(), "local_infile": True})
TableWriter("default", GuestVisit, names, Progress(len(rows), enabled=False), loader=loader).write(rows)
loader.close()
got = list(GuestVisit.objects.order_by("id").values_list("guest_name", "purpose", "guest_company", "in_time"))
assert got == [(t, t, None, None) for t in texts], got
print("ok")
"""
    result = scratch_db.shell(code, check=False)
    assert result.returncode == 0 and "ok" in result.stdout, result.stdout + result.stderr


@pytest.mark.slow
def test_killed_run_leaves_indexes_to_the_next_run(scratch_db, mysql_only):
    """A run killed while a table's indexes are dropped: schemacheck sees it, the next seed_demo rebuilds them."""
    import time

    scratch_db.manage("migrate", "-v0", check=True)
    expected = _indexes(scratch_db, "gate_entry_logs")
    run = scratch_db.popen("seed_demo", "--scale", "60000", "--until", UNTIL, "--no-progress",
                           "--defer-indexes", "always")
    deadline = time.monotonic() + 60
    while _indexes(scratch_db, "gate_entry_logs") == expected and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.kill()
    run.communicate()
    assert _indexes(scratch_db, "gate_entry_logs") < expected, "the run ended before it dropped the indexes"
    drift = scratch_db.manage("schemacheck")
    assert drift.returncode == 1 and "index_missing" in drift.stdout, drift.stdout + drift.stderr

    # The next run rebuilds them first, even when it then refuses the database (it has rows).
    again = scratch_db.manage("seed_demo", "--scale", "100", "--until", UNTIL, "--no-progress")
    assert again.returncode == 1 and "already has business rows" in again.stderr, again.stderr
    assert "Re-created indexes an interrupted seed_demo left dropped: gate.GateEntryLog" in again.stderr
    assert _indexes(scratch_db, "gate_entry_logs") == expected
    check = scratch_db.manage("schemacheck")
    assert check.returncode == 0, check.stdout + check.stderr


def test_seeding_waits_for_a_running_migrate(scratch_db, mysql_only):
    """seed_demo drops and re-creates indexes on MariaDB: it takes the migration lock, and gives up with
    the lock's exit code (nothing written) while a migrate holds it."""
    from erp.migration_safety import EXIT_LOCK_TIMEOUT
    from tests.migrations.helpers import Watched
    from tests.migrations.test_lock import HOLD_LOCK

    scratch_db.manage("migrate", "-v0", check=True)
    holder = Watched(scratch_db.popen("shell", "-c", HOLD_LOCK))
    try:
        assert holder.wait_for("HELD"), holder.stderr
        waited = scratch_db.manage("seed_demo", "--scale", "300", "--until", UNTIL, "--no-progress",
                                   env={"ERP_MIGRATE_LOCK_TIMEOUT": "2"})
        assert waited.returncode == EXIT_LOCK_TIMEOUT, waited.stdout + waited.stderr
        assert "held by lock test holder" in waited.stdout
        assert scratch_db.query("SELECT COUNT(*) FROM attendance")[0][0] == 0
    finally:
        holder.proc.kill()
        holder.finish()
    seeded = scratch_db.manage("seed_demo", "--scale", "300", "--until", UNTIL, "--no-progress", check=True)
    assert "Seeded" in seeded.stdout


def test_sender_hands_the_first_error_to_the_generating_thread_and_sends_nothing_after_it():
    from erp.demo_data.writer import BackgroundSender

    sent = []

    def send(item):
        if item == 2:
            raise ValueError("server said no")
        sent.append(item)

    with pytest.raises(ValueError, match="server said no"):
        with BackgroundSender("t", send, depth=1) as sender:
            for item in range(6):
                sender.put(item)
            sender.wait()
    assert sent == [0, 1]
