"""HR rows for tests: valid rows with overridable fields."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from hr.models import Employee, Interview, JobApplication, JobPosting, PerformanceReview

_seq = itertools.count(1)


def employee(**fields) -> Employee:
    n = next(_seq)
    values = {"employee_id": f"E{n:05d}", "first_name": f"First{n}", "last_name": f"Last{n}",
              "email": f"employee{n}@example.com", "department": "Production", "designation": "Operator",
              "joining_date": dt.date(2024, 1, 1), "salary_type": Employee.SalaryType.MONTHLY,
              "salary": Decimal("30000.00")}
    values.update(fields)
    return Employee.objects.create(**values)


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
