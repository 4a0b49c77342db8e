"""Attendance in the admin: a day's record per employee, recorded and corrected through hr.services."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each
from hr import services
from hr.models import Attendance

from .team import TeamScopeMixin


class AttendanceForm(ServiceForm):
    class Meta:
        model = Attendance
        fields = ["employee", "date", "status", "check_in_time", "check_out_time", "notes"]

    def service_check(self, data):
        if data.get("check_out_time") and not data.get("check_in_time"):
            raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
        services.attendance_hours(check_in=data.get("check_in_time"), check_out=data.get("check_out_time"))


@admin.register(Attendance)
class AttendanceAdmin(TeamScopeMixin, ServiceRefusalOnSave, ModuleAdmin):
    form = AttendanceForm
    list_display = ["date", "employee", status_badge(), "check_in_time", "hours_worked"]
    export_columns = ["date", "employee", "status", "check_in_time", "check_out_time", "hours_worked"]
    list_filter = ["status", "date"]  # both served by indexes; "date" is a range filter (today, past 7 days, ...)
    # Prefix search on the indexed name as recorded, or the employee number exactly (unique, indexed), or the
    # last name by prefix: the employees are looked up first and their attendance read by the indexed
    # employee_id (search_by_key, erp/admin_toolkit/changelist.py), not by an OR across a join.
    search_fields = ["^name", "=employee__employee_id", "^employee__last_name"]
    search_by_key = True
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]  # by number or name
    readonly_fields = ["hours_worked", "created_at", "updated_at"]
    actions = ["check_out_now"]
    record_steps = [
        RecordStep("check_out_now", "Check out now",
                   when=lambda day: day.check_in_time is not None and day.check_out_time is None),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The employee and day identify the record; correcting them means a new record.
        return [*self.readonly_fields, "employee", "date"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.attendance_update(
                attendance=obj, status=data["status"], check_in_time=data.get("check_in_time"),
                check_out_time=data.get("check_out_time"), notes=data.get("notes"))
        else:
            saved = services.attendance_record(
                employee=data["employee"], date=data["date"], status=data["status"],
                check_in_time=data.get("check_in_time"), check_out_time=data.get("check_out_time"),
                notes=data.get("notes"))
        adopt_saved(obj, saved)

    @admin.action(description="Check out now", permissions=["change"])
    def check_out_now(self, request, queryset):
        apply_to_each(self, request, queryset, lambda a: services.attendance_check_out(attendance=a),
                      "checked out")
