"""A workflow step never fails on a field it does not change (issue 17): legacy rows hold values today's
validators refuse, and the steps that save an existing row validate only what they change
(erp.core.transitions.clean_changed), naming record, field and value when what they change is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gate.models import GateUser, GoingOutLog
from gate.services import gate_entry_record, going_out_return, going_out_start
from hr.models import Attendance
from hr.services.attendance import attendance_check_out, attendance_record, attendance_update
from sales.models import SalesOrder
from sales.services import sales_transaction_record_payment
from tests.gate import factories as gate_factories
from tests.hr import factories as hr_factories
from tests.sales import factories as sales_factories

pytestmark = pytest.mark.django_db
LEGACY_EMAIL = "zoë.obrien3@example.net"  # the e-mail validator refuses it; the legacy application did not


def test_a_payment_on_an_order_with_a_legacy_email_updates_its_payment_status():
    order = sales_factories.sales_order(confirmed=True)
    SalesOrder.objects.filter(pk=order.pk).update(customer_email=LEGACY_EMAIL)
    sales_transaction_record_payment(sales_order=order, amount=Decimal("1.00"), payment_method="cash")
    order.refresh_from_db()
    assert (order.payment_status, order.customer_email) == ("partial", LEGACY_EMAIL)


def test_a_check_out_on_a_day_with_a_legacy_status_is_recorded():
    record = attendance_record(employee=hr_factories.employee(), date=dt.date(2024, 1, 8),
                               check_in_time=dt.time(9, 0))
    Attendance.objects.filter(pk=record.pk).update(status="WFH")  # a status the legacy application had
    attendance_check_out(attendance=record, at=dt.time(17, 30))
    record.refresh_from_db()
    assert (record.check_out_time, record.hours_worked, record.status) == (dt.time(17, 30), Decimal("8.50"), "WFH")


def test_the_gate_lets_a_person_whose_legacy_row_lacks_a_phone_through():
    user = gate_factories.gate_user()
    GateUser.objects.filter(pk=user.pk).update(phone="")  # required today, blank in legacy rows
    user.refresh_from_db()
    gate_entry_record(user=user, at=timezone.now() - dt.timedelta(hours=2))
    user.refresh_from_db()
    assert user.last_entry is not None and user.phone == ""


def test_an_outing_with_a_legacy_reason_returns():
    outing = going_out_start(user=gate_factories.gate_user(), reason_type=GoingOutLog.Reason.choices[0][0])
    GoingOutLog.objects.filter(pk=outing.pk).update(reason_type="Tea")  # outside today's choices
    going_out_return(outing=outing)
    outing.refresh_from_db()
    assert (outing.status, outing.reason_type) == (GoingOutLog.Status.RETURNED, "Tea")


def test_a_step_refused_on_what_it_changes_names_record_field_and_value():
    record = attendance_record(employee=hr_factories.employee(), date=dt.date(2024, 1, 9),
                               check_in_time=dt.time(9, 0))
    with pytest.raises(ValidationError) as refused:
        attendance_update(attendance=record, status="ABSENT", check_in_time=dt.time(9, 0),
                          check_out_time=dt.time(17, 0), notes=None)
    (message,) = refused.value.messages
    assert message.startswith(f"Attendance record “{record.employee.full_name} on 9 Jan 2024") and message.endswith(
        "cannot be saved: status (status) 'ABSENT': An absent employee has no check-in, check-out or hours "
        "worked: clear the times, or choose another status."), message
    record.refresh_from_db()
    assert record.status == "PRESENT"
