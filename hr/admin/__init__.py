"""HR in the admin, one module per subdomain: forms and actions that go through hr.services, so every step is checked.

Importing this package registers every HR model's admin (Django's admin autodiscovery imports `hr.admin`).
"""

from hr import documents  # noqa: F401  (the payslip, erp/admin_toolkit/documents.py)

from . import attendance, employees, leave, payroll, recruitment, reviews  # noqa: F401  (registration)
