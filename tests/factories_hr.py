"""Small factories for HR, guest list, gate and purchasing tests: valid rows with overridable fields."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.utils import timezone

from gate.models import GateUser
from guestlist.models import GuestVisit
from hr.models import Employee, Interview, JobApplication, JobPosting, PerformanceReview
from purchasing.models import PurchaseOrder

_seq = itertools.count(1)


def employee(**fields) -> Employee:
    n = next(_seq)
    values = {"employee_id": f"E{n:05d}", "first_name": f"First{n}", "last_name": f"Last{n}",
              "email": f"employee{n}@example.com", "department": "Production", "designation": "Operator",
              "joining_date": dt.date(2024, 1, 1), "salary_type": Employee.SalaryType.MONTHLY,
              "salary": Decimal("30000.00")}
    values.update(fields)
    return Employee.objects.create(**values)


def staff_user(*, groups: list[str] = (), email: str = "", superuser: bool = False, **fields) -> User:
    n = next(_seq)
    if superuser:
        return User.objects.create_superuser(f"root{n}", email, password=None, **fields)
    user = User.objects.create_user(f"staff{n}", email, password=None, is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def job_posting(**fields) -> JobPosting:
    values = {"title": "Welder", "department": "Production", "description": "Welding frames."}
    values.update(fields)
    return JobPosting.objects.create(**values)


def job_application(*, status: str = JobApplication.Status.SUBMITTED, **fields) -> JobApplication:
    n = next(_seq)
    values = {"applicant_name": f"Applicant {n}", "applicant_email": f"applicant{n}@example.com", "status": status}
    values.update(fields)
    if "job_posting" not in values:
        values["job_posting"] = job_posting()
    return JobApplication.objects.create(**values)


def interview(*, application: JobApplication | None = None, **fields) -> Interview:
    values = {"scheduled_date": dt.date(2026, 3, 2), "scheduled_time": dt.time(10, 0),
              "status": Interview.Status.SCHEDULED}
    values.update(fields)
    application = application or job_application(status=JobApplication.Status.INTERVIEW_SCHEDULED)
    return Interview.objects.create(job_application=application, **values)


def performance_review(**fields) -> PerformanceReview:
    values = {"review_period_start": dt.date(2025, 1, 1), "review_period_end": dt.date(2025, 12, 31)}
    values.update(fields)
    if "employee" not in values:
        values["employee"] = employee()
    return PerformanceReview.objects.create(**values)


def guest_visit(**fields) -> GuestVisit:
    values = {"guest_name": "Asha Guest", "meeting_person": "Plant manager", "visit_date": timezone.localdate(),
              "purpose": "Supplier meeting"}
    values.update(fields)
    return GuestVisit.objects.create(**values)


def gate_user(**fields) -> GateUser:
    n = next(_seq)
    values = {"name": f"Worker {n}", "phone": f"90000{n:05d}"}
    values.update(fields)
    return GateUser.objects.create(**values)


def purchase_order(**fields) -> PurchaseOrder:
    n = next(_seq)
    values = {"po_number": f"PO-2000-{n:04d}", "supplier_name": "Steel Ltd", "requirements": "10 t steel",
              "original_requirements": "10 t steel"}
    values.update(fields)
    return PurchaseOrder.objects.create(**values)


# --- Driving the admin with the test client -----------------------------------------------------------------

def post_action(client, url: str, action: str, objects) -> object:
    """POST an admin changelist action for the given rows (the admin answers with a redirect to the list)."""
    response = client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]})
    assert response.status_code == 302, response.status_code
    return response


def shown_messages(response) -> list[str]:
    """The messages the next page shows (the request's messages, read without rendering that page)."""
    return [str(m) for m in get_messages(response.wsgi_request)]
