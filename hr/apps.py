from django.apps import AppConfig


class HrConfig(AppConfig):
    """Employees, attendance, leave, payroll, reviews and recruitment."""

    name = "hr"
    verbose_name = "HR"
