"""Payroll: one per employee and period, amounts computed, pending → processed → paid, frozen once paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hr import services
from hr.models import Employee, Payroll
from tests.admin_toolkit.support import post_action, shown_messages
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def test_monthly_salary_plus_allowances_minus_deductions_once_per_period():
    emp = hr_factories.employee(salary=Decimal("30000.00"))
    payroll = services.payroll_create(employee=emp, period_start=START, period_end=END,
                                      allowances=Decimal("2500.50"), deductions=Decimal("1000.00"))
    assert (payroll.salary_type, payroll.gross_salary, payroll.net_salary) == (
        "MONTHLY", Decimal("32500.50"), Decimal("31500.50"))
    assert payroll.status == Payroll.Status.PENDING
    with pytest.raises(ValidationError, match="already has a payroll"):
        services.payroll_create(employee=emp, period_start=START, period_end=END)


def test_daily_and_hourly_pay_come_from_attendance_in_the_period():
    daily = hr_factories.employee(salary_type=Employee.SalaryType.DAILY, salary=Decimal("1000.00"))
    hourly = hr_factories.employee(salary_type=Employee.SalaryType.HOURLY, salary=Decimal("200.00"))
    for day, status in [(2, "PRESENT"), (3, "LATE"), (4, "HALF_DAY"), (5, "ABSENT")]:
        services.attendance_record(employee=daily, date=dt.date(2026, 3, day), status=status)
    services.attendance_record(employee=daily, date=dt.date(2026, 4, 1))  # outside the period
    services.attendance_record(employee=hourly, date=dt.date(2026, 3, 2), check_in_time=dt.time(9),
                               check_out_time=dt.time(17, 30))
    services.attendance_record(employee=hourly, date=dt.date(2026, 3, 3), check_in_time=dt.time(9),
                               check_out_time=dt.time(13))
    assert services.payroll_create(employee=daily, period_start=START, period_end=END,
                                   allowances=Decimal("100")).gross_salary == Decimal("2600.00")
    assert services.payroll_create(employee=hourly, period_start=START,
                                   period_end=END).gross_salary == Decimal("2500.00")


def test_wrong_amounts_and_periods_are_refused():
    emp = hr_factories.employee(salary=Decimal("1000.00"))
    with pytest.raises(ValidationError, match="exceed the gross"):
        services.payroll_create(employee=emp, period_start=START, period_end=END, deductions=Decimal("1000.01"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        services.payroll_create(employee=emp, period_start=START, period_end=END, allowances=Decimal("-1"))
    with pytest.raises(ValidationError, match="end on or after"):
        services.payroll_create(employee=emp, period_start=END, period_end=START)
    assert not Payroll.objects.exists()


def test_transitions_and_no_money_change_once_paid():
    payroll = services.payroll_create(employee=hr_factories.employee(), period_start=START, period_end=END)
    with pytest.raises(ValidationError, match="cannot be marked as paid: it is pending."):
        services.payroll_mark_paid(payroll=payroll)
    payroll = services.payroll_update(payroll=payroll, allowances=Decimal("10"), deductions=Decimal("5"))
    assert payroll.net_salary == Decimal("30005.00")
    payroll = services.payroll_process(payroll=payroll)
    payroll = services.payroll_mark_paid(payroll=payroll, payment_date=dt.date(2026, 4, 1))
    assert (payroll.status, payroll.payment_date) == (Payroll.Status.PAID, dt.date(2026, 4, 1))
    with pytest.raises(ValidationError, match="cannot be changed: it is paid. A paid payroll is corrected by rev"):
        services.payroll_update(payroll=payroll, allowances=Decimal("99"), deductions=Decimal("0"))
    with pytest.raises(ValidationError, match="cannot be processed: it is paid."):
        services.payroll_process(payroll=payroll)
    payroll.refresh_from_db()
    assert payroll.allowances == Decimal("10.00")


def test_payroll_through_the_admin(client, group_user):
    verified_login(client, group_user("HR"))
    emp = hr_factories.employee(salary=Decimal("500.00"))
    add = reverse("admin:hr_payroll_add")
    form = {"employee": emp.pk, "pay_period_start": "2026-03-01", "pay_period_end": "2026-03-31",
            "allowances": "50", "deductions": "600"}
    response = client.post(add, form)
    assert response.status_code == 200 and "exceed the gross pay" in response.content.decode()
    response = client.post(add, {**form, "allowances": "-5", "deductions": "abc"})
    assert response.status_code == 200
    assert client.post(add, {**form, "deductions": "0"}).status_code == 302
    payroll = Payroll.objects.get()
    assert payroll.net_salary == Decimal("550.00")
    changelist = reverse("admin:hr_payroll_changelist")
    response = post_action(client, changelist, "mark_paid", [payroll])
    assert shown_messages(response)[-1] == f"{payroll} cannot be marked as paid: it is pending."  # named once
    post_action(client, changelist, "process", [payroll])
    response = post_action(client, changelist, "mark_paid", [payroll])
    assert "1 payroll marked as paid." in shown_messages(response)
    # Paid: the change form no longer takes money.
    response = client.post(reverse("admin:hr_payroll_change", args=[payroll.pk]),
                           {"allowances": "9999", "deductions": "0"})
    assert response.status_code == 403  # closed: read-only for everyone (erp.core.lifecycle)
    payroll.refresh_from_db()
    assert (payroll.status, payroll.allowances) == (Payroll.Status.PAID, Decimal("50.00"))
