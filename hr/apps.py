from django.apps import AppConfig


class HrConfig(AppConfig):
    """Employees, attendance, leave, payroll, reviews and recruitment."""

    name = "hr"
    verbose_name = "HR"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "HR"
