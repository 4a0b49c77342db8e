"""HR in the admin: forms and actions that go through hr.services, so every step is checked."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from erp.admin_base import ModuleAdmin, ReadOnlyInline
from erp.admin_workflows import ServiceRefusalOnSave, add_service_errors, apply_to_each

from . import services
from .models import (
    Attendance,
    Candidate,
    Employee,
    Interview,
    JobApplication,
    JobPosting,
    Leave,
    Payroll,
    PerformanceReview,
)


def adopt_saved(obj, saved) -> None:
    """The admin goes on with the form's instance (log entry, redirect): point it at the row the service saved."""
    obj.pk = saved.pk
    obj.refresh_from_db()


def editable_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


class ServiceForm(forms.ModelForm):
    """A ModelForm whose clean() runs a service check; the check's errors land on the form."""

    def service_check(self, data: dict) -> None:  # overridden
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.service_check(data)
            except ValidationError as error:
                add_service_errors(self, error)
        return data


@admin.register(Employee)
class EmployeeAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["employee_id", "first_name", "last_name", "department", "designation", "manager", "status"]
    list_filter = ["status", "department", "salary_type"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "phone"]
    list_select_related = ["manager"]
    autocomplete_fields = ["manager"]
    readonly_fields = ["created_at", "updated_at"]
    exclude = ["face_encoding"]


# --- Attendance -------------------------------------------------------------------------------------------

class AttendanceForm(ServiceForm):
    class Meta:
        model = Attendance
        fields = ["employee", "date", "status", "check_in_time", "check_out_time", "notes"]

    def service_check(self, data):
        if data.get("check_out_time") and not data.get("check_in_time"):
            raise ValidationError({"check_out_time": "A check-out needs a check-in first."})
        services.attendance_hours(check_in=data.get("check_in_time"), check_out=data.get("check_out_time"))


@admin.register(Attendance)
class AttendanceAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = AttendanceForm
    list_display = ["date", "employee", "status", "check_in_time", "check_out_time", "hours_worked"]
    list_filter = ["status", "date"]  # both served by indexes; "date" is a range filter (today, past 7 days, ...)
    search_fields = ["^name"]  # prefix search on the indexed name as recorded
    list_select_related = ["employee"]
    raw_id_fields = ["employee"]
    readonly_fields = ["hours_worked", "created_at", "updated_at"]
    actions = ["check_out_now"]

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


# --- Leave ------------------------------------------------------------------------------------------------

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
class LeaveAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = LeaveForm
    list_display = ["employee", "leave_type", "start_date", "end_date", "days_requested", "status",
                    "manager_approved_by", "approved_by"]
    list_filter = ["status", "leave_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee", "manager_approved_by", "approved_by"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["days_requested", "status", "approved_by", "approved_at", "manager_approved_by",
                       "manager_approved_at", "created_at", "updated_at"]
    actions = ["manager_approve", "manager_reject", "hr_approve", "hr_reject"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.status != Leave.Status.PENDING:
            # Decided requests are history; only the manager's notes can still be added to.
            return [*self.readonly_fields, "employee", "leave_type", "start_date", "end_date", "reason"]
        return [*self.readonly_fields, "employee"]

    def get_fields(self, request, obj=None):
        fields = ["employee", "leave_type", "start_date", "end_date", "half_day", "days_requested", "reason",
                  "status", "manager_approved_by", "manager_approved_at", "manager_notes", "approved_by",
                  "approved_at", "created_at", "updated_at"]
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
                      lambda leave: services.leave_manager_approve(leave=leave, manager=manager),
                      "approved by manager")

    @admin.action(description="Reject as the employee's manager (step 1)", permissions=["change"])
    def manager_reject(self, request, queryset):
        manager = services.employee_for_user(request.user)
        apply_to_each(self, request, queryset,
                      lambda leave: services.leave_manager_reject(leave=leave, manager=manager),
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


# --- Payroll ----------------------------------------------------------------------------------------------

class PayrollForm(ServiceForm):
    class Meta:
        model = Payroll
        fields = ["employee", "pay_period_start", "pay_period_end", "allowances", "deductions"]

    def service_check(self, data):
        if "allowances" not in self.fields:
            return
        employee = data.get("employee") or self.instance.employee
        start = data.get("pay_period_start") or self.instance.pay_period_start
        end = data.get("pay_period_end") or self.instance.pay_period_end
        services.payroll_amounts(employee=employee, period_start=start, period_end=end,
                                 allowances=data["allowances"], deductions=data["deductions"])


@admin.register(Payroll)
class PayrollAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = PayrollForm
    list_display = ["employee", "pay_period_start", "pay_period_end", "gross_salary", "net_salary", "status",
                    "payment_date"]
    list_filter = ["status", "salary_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    fields = ["employee", "pay_period_start", "pay_period_end", "salary_type", "monthly_salary", "allowances",
              "deductions", "gross_salary", "net_salary", "status", "payment_date", "created_at", "updated_at"]
    readonly_fields = ["salary_type", "monthly_salary", "gross_salary", "net_salary", "status", "payment_date",
                       "created_at", "updated_at"]
    actions = ["process", "mark_paid"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        fixed = [*self.readonly_fields, "employee", "pay_period_start", "pay_period_end"]
        return [*fixed, "allowances", "deductions"] if obj.status == Payroll.Status.PAID else fixed

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            if obj.status == Payroll.Status.PAID:
                return  # nothing editable
            saved = services.payroll_update(payroll=obj, allowances=data["allowances"],
                                            deductions=data["deductions"])
        else:
            saved = services.payroll_create(employee=data["employee"], period_start=data["pay_period_start"],
                                            period_end=data["pay_period_end"], allowances=data["allowances"],
                                            deductions=data["deductions"])
        adopt_saved(obj, saved)

    @admin.action(description="Mark as processed", permissions=["change"])
    def process(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.payroll_process(payroll=p),
                      "marked as processed")

    @admin.action(description="Mark as paid today", permissions=["change"])
    def mark_paid(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.payroll_mark_paid(payroll=p), "marked as paid")


# --- Performance reviews ----------------------------------------------------------------------------------

@admin.register(PerformanceReview)
class PerformanceReviewAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["employee", "reviewer", "review_period_start", "review_period_end", "overall_rating", "status"]
    list_filter = ["status"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    list_select_related = ["employee", "reviewer"]
    autocomplete_fields = ["employee", "reviewer"]
    readonly_fields = ["status", "created_at", "updated_at"]
    actions = ["submit", "acknowledge"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != PerformanceReview.Status.DRAFT:
            # Submitted reviews are what the employee saw: frozen.
            return [f.name for f in self.model._meta.fields if f.editable and f.name != "id"] + \
                ["created_at", "updated_at"]
        return self.readonly_fields

    @admin.action(description="Submit to the employee", permissions=["change"])
    def submit(self, request, queryset):
        apply_to_each(self, request, queryset, lambda r: services.performance_review_submit(review=r),
                      "submitted to the employee")

    @admin.action(description="Record acknowledgement by the employee", permissions=["change"])
    def acknowledge(self, request, queryset):
        apply_to_each(self, request, queryset, lambda r: services.performance_review_acknowledge(review=r),
                      "acknowledged by the employee")


# --- Recruitment ------------------------------------------------------------------------------------------

@admin.register(JobPosting)
class JobPostingAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["title", "department", "employment_type", "status", "application_deadline", "posted_by"]
    list_filter = ["status", "department", "employment_type"]
    search_fields = ["title", "department"]
    list_select_related = ["posted_by"]
    autocomplete_fields = ["posted_by"]
    readonly_fields = ["status", "created_at", "updated_at"]
    actions = ["close", "reopen", "mark_filled"]

    @admin.action(description="Close (no more applications)", permissions=["change"])
    def close(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.job_posting_close(posting=p), "closed")

    @admin.action(description="Reopen", permissions=["change"])
    def reopen(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.job_posting_reopen(posting=p), "reopened")

    @admin.action(description="Mark as filled", permissions=["change"])
    def mark_filled(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.job_posting_mark_filled(posting=p),
                      "marked as filled")


@admin.register(Candidate)
class CandidateAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["name", "email", "phone", "experience_years", "source", "status"]
    list_filter = ["status", "source"]
    search_fields = ["name", "email", "phone"]
    autocomplete_fields = ["added_by"]
    readonly_fields = ["created_at", "updated_at"]


class InterviewInline(ReadOnlyInline):
    """Interviews of an application, for reading; they are scheduled and completed in the Interview admin."""

    model = Interview
    fields = ["interview_type", "scheduled_date", "scheduled_time", "status", "rating", "decision"]


class JobApplicationForm(ServiceForm):
    class Meta:
        model = JobApplication
        exclude = ["status", "reviewed_by", "reviewed_at"]

    def service_check(self, data):
        if not self.instance.pk and data.get("job_posting"):
            services.job_application_check_posting(posting=data["job_posting"])


@admin.register(JobApplication)
class JobApplicationAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = JobApplicationForm
    list_display = ["applicant_name", "job_posting", "candidate", "status", "expected_salary", "created_at"]
    list_filter = ["status"]
    search_fields = ["applicant_name", "applicant_email", "job_posting__title"]
    list_select_related = ["job_posting", "candidate"]
    autocomplete_fields = ["job_posting", "candidate", "reviewed_by"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_at", "updated_at"]
    inlines = [InterviewInline]
    actions = ["review", "shortlist", "offer", "accept", "reject", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "job_posting"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
            return
        data = {k: v for k, v in form.cleaned_data.items() if k in {f.name for f in editable_fields(JobApplication)}}
        posting = data.pop("job_posting")
        saved = services.job_application_submit(posting=posting, applicant_name=data.pop("applicant_name"),
                                                applicant_email=data.pop("applicant_email"), **data)
        adopt_saved(obj, saved)

    def _move(self, request, queryset, service, done):
        apply_to_each(self, request, queryset, lambda a: service(application=a), done)

    @admin.action(description="Start review", permissions=["change"])
    def review(self, request, queryset):
        reviewer = services.employee_for_user(request.user)
        apply_to_each(self, request, queryset,
                      lambda a: services.job_application_review(application=a, reviewer=reviewer),
                      "put under review")

    @admin.action(description="Shortlist", permissions=["change"])
    def shortlist(self, request, queryset):
        self._move(request, queryset, services.job_application_shortlist, "shortlisted")

    @admin.action(description="Make an offer", permissions=["change"])
    def offer(self, request, queryset):
        self._move(request, queryset, services.job_application_offer, "marked as offered")

    @admin.action(description="Offer accepted", permissions=["change"])
    def accept(self, request, queryset):
        self._move(request, queryset, services.job_application_accept, "marked as accepted")

    @admin.action(description="Reject", permissions=["change"])
    def reject(self, request, queryset):
        self._move(request, queryset, services.job_application_reject, "rejected")

    @admin.action(description="Withdrawn by the applicant", permissions=["change"])
    def withdraw(self, request, queryset):
        self._move(request, queryset, services.job_application_withdraw, "marked as withdrawn")


class InterviewForm(ServiceForm):
    class Meta:
        model = Interview
        exclude = ["status", "conducted_at"]

    def service_check(self, data):
        if not self.instance.pk and data.get("job_application"):
            services.interview_check_schedulable(application=data["job_application"])


@admin.register(Interview)
class InterviewAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = InterviewForm
    list_display = ["job_application", "interview_type", "scheduled_date", "scheduled_time", "status", "rating"]
    list_filter = ["status", "interview_type"]
    search_fields = ["job_application__applicant_name", "interviewers"]
    list_select_related = ["job_application"]
    autocomplete_fields = ["job_application", "conducted_by"]
    readonly_fields = ["status", "conducted_at", "created_at", "updated_at"]
    actions = ["complete", "cancel", "no_show"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.status != Interview.Status.SCHEDULED:
            return [f.name for f in editable_fields(Interview)]
        return [*self.readonly_fields, "job_application"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
            return
        data = {k: v for k, v in form.cleaned_data.items() if k in {f.name for f in editable_fields(Interview)}}
        saved = services.interview_schedule(application=data.pop("job_application"),
                                            scheduled_date=data.pop("scheduled_date"),
                                            scheduled_time=data.pop("scheduled_time"), **data)
        adopt_saved(obj, saved)

    @admin.action(description="Mark completed (with the rating entered)", permissions=["change"])
    def complete(self, request, queryset):
        apply_to_each(self, request, queryset, lambda i: services.interview_complete(interview=i),
                      "marked as completed")

    @admin.action(description="Cancel", permissions=["change"])
    def cancel(self, request, queryset):
        apply_to_each(self, request, queryset, lambda i: services.interview_cancel(interview=i), "cancelled")

    @admin.action(description="Mark as no-show", permissions=["change"])
    def no_show(self, request, queryset):
        apply_to_each(self, request, queryset, lambda i: services.interview_mark_no_show(interview=i),
                      "marked as no-show")
