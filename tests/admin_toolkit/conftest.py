"""Fixtures shared by the admin toolkit tests."""

import pytest

from tests.hr import factories as hr_factories


@pytest.fixture
def every_list(db):
    """Demo data for every module, plus the rows the demo data has none of."""
    from datetime import date

    from erp.demo_data.plan import Plan
    from erp.demo_data.seeder import Seeder
    from gate.services import going_out_start
    from tests.gate import factories as gate_factories

    Seeder(plan=Plan.for_scale(120, date(2026, 3, 14)), seed=3).run()
    hr_factories.interview()
    hr_factories.performance_review()
    from decimal import Decimal

    from gate.services import gate_entry_record
    from hr.models import Candidate
    from sales.models import SalesTarget

    going_out_start(user=gate_factories.gate_user(), reason_type="Lunch")
    gate_entry_record(user=gate_factories.gate_user(name="Farhan Qureshi", phone="9811122233"))
    Candidate.objects.create(name="Meera Iyer", email="meera.iyer@example.com", phone="9822001100")
    SalesTarget.objects.create(sales_person="Ravi Menon", year=2026, month=3, target_amount=Decimal("500000"),
                               assigned_by="Head of sales")
