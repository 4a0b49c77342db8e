"""HR in the admin, one module per subdomain: forms and actions that go through hr.services, so every step is checked.

Importing this package registers every HR model's admin (Django's admin autodiscovery imports `hr.admin`).
"""

from hr import charts, documents  # noqa: F401  (the payslip, the attendance chart: erp/admin_toolkit/)

from . import attendance, employees, leave, payroll, recruitment, reviews  # noqa: F401  (registration)
