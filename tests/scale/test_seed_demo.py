"""`manage.py seed_demo`: consistent, reproducible volume data; refuses business data unless told to append."""

from collections import defaultdict
from datetime import date

import pytest

from erp.demo_data import Plan, Seeder
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
def test_bad_arguments_are_refused_with_one_line(scratch_db, args, message):
    result = scratch_db.manage("seed_demo", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
