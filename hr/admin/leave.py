"""Leave in the admin: requests and the two approval steps, through hr.services."""

from django import forms
from django.contrib import admin

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.landing import attention_item
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each
from hr import services
from hr.models import Leave

from .team import TeamScopeMixin


class LeaveForm(ServiceForm):
    half_day = forms.BooleanField(
        required=False, help_text="A one-day leave taken as half a day (counts 0.5 days).")

    class Meta:
        model = Leave
        fields = ["employee", "leave_type", "start_date", "end_date", "half_day", "reason", "manager_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "half_day" in self.fields:
            self.fields["half_day"].initial = self.instance.days_requested == services.HALF

    def service_check(self, data):
        if "start_date" not in self.fields:  # read-only: nothing to check but the notes
            return
        services.leave_days(start_date=data["start_date"], end_date=data["end_date"],
                            half_day=data.get("half_day", False))
        employee = data.get("employee") or self.instance.employee
        services.leave_check_overlap(employee=employee, start_date=data["start_date"], end_date=data["end_date"],
                                     exclude_pk=self.instance.pk)


@admin.register(Leave)
class LeaveAdmin(TeamScopeMixin, ServiceRefusalOnSave, ModuleAdmin):
    form = LeaveForm
    list_display = ["employee", "leave_type", "start_date", "end_date", status_badge()]
    export_columns = ["employee", "leave_type", "start_date", "end_date", "days_requested", "status",
                      "manager_approved_by", "approved_by"]
    list_filter = ["status", "leave_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name",
                     "manager_approved_by__employee_id", "manager_approved_by__first_name",
                     "manager_approved_by__last_name", "approved_by__username"]
    list_select_related = ["employee", "manager_approved_by", "approved_by"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["days_requested", "status", "approved_by", "approved_at", "manager_approved_by",
                       "manager_approved_at", "manager_step_user", "created_at", "updated_at"]
    actions = ["manager_approve", "manager_reject", "hr_approve", "hr_reject"]
    status_field = "status"
    status_flow = ["PENDING", "MANAGER_APPROVED", "APPROVED"]
    record_steps = [
        RecordStep("manager_approve", "Approve (manager)", when=lambda leave: leave.status == "PENDING"),
        RecordStep("manager_reject", "Reject (manager)", danger=True, when=lambda leave: leave.status == "PENDING"),
        RecordStep("hr_approve", "Approve (HR)", when=lambda leave: leave.status == "MANAGER_APPROVED"),
        RecordStep("hr_reject", "Reject (HR)", danger=True, when=lambda leave: leave.status == "MANAGER_APPROVED"),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.status != Leave.Status.PENDING:
            # On its way through approval: the request stands as the manager saw it; decided ones are closed.
            return [*self.readonly_fields, "employee", "leave_type", "start_date", "end_date", "reason"]
        return [*self.readonly_fields, "employee"]

    def get_fields(self, request, obj=None):
        fields = ["employee", "leave_type", "start_date", "end_date", "half_day", "days_requested", "reason",
                  "status", "manager_approved_by", "manager_approved_at", "manager_step_user", "manager_notes",
                  "approved_by", "approved_at", "created_at", "updated_at"]
        if obj is not None and obj.status != Leave.Status.PENDING:
            fields.remove("half_day")
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change and obj.status != Leave.Status.PENDING:
            obj.save(update_fields=["manager_notes", "updated_at"])
            return
        if change:
            saved = services.leave_update(leave=obj, leave_type=data["leave_type"], start_date=data["start_date"],
                                          end_date=data["end_date"], half_day=data.get("half_day", False),
                                          reason=data.get("reason"))
            if "manager_notes" in form.changed_data:
                saved.manager_notes = data.get("manager_notes")
                saved.save(update_fields=["manager_notes", "updated_at"])
        else:
            saved = services.leave_request(employee=data["employee"], leave_type=data["leave_type"],
                                           start_date=data["start_date"], end_date=data["end_date"],
                                           half_day=data.get("half_day", False), reason=data.get("reason"))
        adopt_saved(obj, saved)

    @admin.action(description="Approve as the employee's manager (step 1)", permissions=["change"])
    def manager_approve(self, request, queryset):
        manager = services.employee_for_user(request.user)
        apply_to_each(self, request, queryset,
                      lambda leave: services.leave_manager_approve(leave=leave, manager=manager,
                                                                       user=request.user),
                      "approved by manager")

    @admin.action(description="Reject as the employee's manager (step 1)", permissions=["change"])
    def manager_reject(self, request, queryset):
        manager = services.employee_for_user(request.user)
        apply_to_each(self, request, queryset,
                      lambda leave: services.leave_manager_reject(leave=leave, manager=manager,
                                                                      user=request.user),
                      "rejected by manager")

    @admin.action(description="Approve for HR (step 2)", permissions=["change"])
    def hr_approve(self, request, queryset):
        apply_to_each(self, request, queryset,
                      lambda leave: services.leave_hr_approve(leave=leave, approver=request.user),
                      "approved by HR")

    @admin.action(description="Reject for HR (step 2)", permissions=["change"])
    def hr_reject(self, request, queryset):
        apply_to_each(self, request, queryset,
                      lambda leave: services.leave_hr_reject(leave=leave, approver=request.user), "rejected by HR")


attention_item(
    key="awaiting_approval", label="Leave requests awaiting approval", model=Leave,
    narrow=lambda leaves, today: leaves.filter(status__in=[Leave.Status.PENDING, Leave.Status.MANAGER_APPROVED]),
)
