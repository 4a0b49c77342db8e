"""Employees in the admin."""

from django.contrib import admin

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.workflows import ServiceRefusalOnSave
from hr.models import Employee


@admin.register(Employee)
class EmployeeAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["employee_id", "first_name", "last_name", "department", status_badge()]
    export_columns = ["employee_id", "first_name", "last_name", "department", "designation", "manager", "status",
                      "user"]
    list_filter = ["status", "department", "salary_type"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "phone", "department", "designation",
                     "manager__first_name", "manager__last_name"]
    list_select_related = ["manager", "user"]
    autocomplete_fields = ["manager", "user"]
    readonly_fields = ["created_at", "updated_at"]
    exclude = ["face_encoding"]
