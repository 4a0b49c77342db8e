"""Attendance: once per employee per day, check-out after check-in, hours computed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hr import services
from hr.models import Attendance
from tests.admin_toolkit.support import post_action, shown_messages
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_record_computes_hours_and_refuses_a_second_record_the_same_day():
    emp = hr_factories.employee()
    record = services.attendance_record(employee=emp, date=DAY, check_in_time=dt.time(9, 0),
                                        check_out_time=dt.time(17, 45))
    assert record.hours_worked == Decimal("8.75")
    assert record.name == emp.full_name
    with pytest.raises(ValidationError, match="already recorded"):
        services.attendance_record(employee=emp, date=DAY, check_in_time=dt.time(10, 0))
    assert Attendance.objects.count() == 1


def test_a_check_out_before_the_check_in_ends_a_night_shift_of_at_most_16_hours():
    emp = hr_factories.employee()
    night = services.attendance_record(employee=emp, date=DAY, check_in_time=dt.time(22, 0),
                                       check_out_time=dt.time(6, 0))
    assert night.hours_worked == Decimal("8.00")
    with pytest.raises(ValidationError, match="would be a shift of 23.00 hours"):
        services.attendance_record(employee=emp, date=DAY + dt.timedelta(days=1), check_in_time=dt.time(9, 0),
                                   check_out_time=dt.time(8, 0))
    with pytest.raises(ValidationError, match="needs a check-in"):
        services.attendance_record(employee=emp, date=DAY, check_out_time=dt.time(8, 0))
    assert Attendance.objects.count() == 1


def test_check_in_then_check_out_once():
    emp = hr_factories.employee()
    record = services.attendance_record(employee=emp, date=DAY, check_in_time=dt.time(8, 30))
    assert record.hours_worked is None
    record = services.attendance_check_out(attendance=record, at=dt.time(12, 0))
    assert (record.check_out_time, record.hours_worked) == (dt.time(12, 0), Decimal("3.50"))
    with pytest.raises(ValidationError, match="already checked out"):
        services.attendance_check_out(attendance=record, at=dt.time(13, 0))
    early = services.attendance_record(employee=hr_factories.employee(), date=DAY, check_in_time=dt.time(8, 30))
    with pytest.raises(ValidationError, match="would be a shift of 23.50 hours"):
        services.attendance_check_out(attendance=early, at=dt.time(8, 0))
    absent = services.attendance_record(employee=hr_factories.employee(), date=DAY, status=Attendance.Status.ABSENT)
    with pytest.raises(ValidationError, match="no check-in"):
        services.attendance_check_out(attendance=absent, at=dt.time(8, 0))


def test_check_in_now_creates_todays_record():
    emp = hr_factories.employee()
    record = services.attendance_check_in(employee=emp)
    assert record.check_in_time is not None and record.date is not None
    with pytest.raises(ValidationError, match="already recorded"):
        services.attendance_check_in(employee=emp)


def test_admin_add_form_records_with_hours_and_shows_errors_on_the_form(client, group_user):
    verified_login(client, group_user("HR"))
    emp = hr_factories.employee()
    url = reverse("admin:hr_attendance_add")
    form = {"employee": emp.pk, "date": "2026-03-02", "status": "PRESENT", "check_in_time": "09:00",
            "check_out_time": "17:00", "notes": ""}
    response = client.post(url, form)
    assert response.status_code == 302
    assert Attendance.objects.get().hours_worked == Decimal("8.00")

    response = client.post(url, {**form, "check_in_time": "10:00"})  # same day again
    assert response.status_code == 200
    assert "This employee&#x27;s attendance that day is recorded." in response.content.decode()
    response = client.post(url, {**form, "date": "2026-03-03", "check_out_time": "08:00"})
    assert response.status_code == 200
    assert "would be a shift of 23.00 hours" in response.content.decode()
    response = client.post(url, {**form, "date": "not a date", "check_in_time": "25:99"})
    assert response.status_code == 200
    assert Attendance.objects.count() == 1


def test_admin_change_recomputes_hours_and_check_out_action(client, superuser):
    verified_login(client, superuser)
    record = services.attendance_record(employee=hr_factories.employee(), date=DAY, check_in_time=dt.time(9, 0))
    response = client.post(reverse("admin:hr_attendance_change", args=[record.pk]),
                           {"status": "LATE", "check_in_time": "10:00", "check_out_time": "12:30", "notes": "bus"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.hours_worked) == ("LATE", Decimal("2.50"))

    changelist = reverse("admin:hr_attendance_changelist")
    response = post_action(client, changelist, "check_out_now", [record])
    assert any("already checked out at 12:30" in m for m in shown_messages(response))
