from django.contrib import admin

from erp.admin_base import ModuleAdmin

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


@admin.register(Employee)
class EmployeeAdmin(ModuleAdmin):
    list_display = ["employee_id", "first_name", "last_name", "department", "designation", "manager", "status"]
    list_filter = ["status", "department", "salary_type"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "phone"]
    list_select_related = ["manager"]
    autocomplete_fields = ["manager"]
    readonly_fields = ["created_at", "updated_at"]
    exclude = ["face_encoding"]


@admin.register(Attendance)
class AttendanceAdmin(ModuleAdmin):
    list_display = ["date", "employee", "status", "check_in_time", "check_out_time", "hours_worked"]
    list_filter = ["status", "date"]  # both served by indexes; "date" is a range filter (today, past 7 days, ...)
    search_fields = ["^name"]  # prefix search on the indexed name as recorded
    list_select_related = ["employee"]
    raw_id_fields = ["employee"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Leave)
class LeaveAdmin(ModuleAdmin):
    list_display = ["employee", "leave_type", "start_date", "end_date", "days_requested", "status"]
    list_filter = ["status", "leave_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["approved_by", "approved_at", "manager_approved_by", "manager_approved_at",
                       "created_at", "updated_at"]


@admin.register(Payroll)
class PayrollAdmin(ModuleAdmin):
    list_display = ["employee", "pay_period_start", "pay_period_end", "gross_salary", "net_salary", "status",
                    "payment_date"]
    list_filter = ["status", "salary_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(ModuleAdmin):
    list_display = ["employee", "reviewer", "review_period_start", "review_period_end", "overall_rating", "status"]
    list_filter = ["status"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    list_select_related = ["employee", "reviewer"]
    autocomplete_fields = ["employee", "reviewer"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(JobPosting)
class JobPostingAdmin(ModuleAdmin):
    list_display = ["title", "department", "employment_type", "status", "application_deadline", "posted_by"]
    list_filter = ["status", "department", "employment_type"]
    search_fields = ["title", "department"]
    list_select_related = ["posted_by"]
    autocomplete_fields = ["posted_by"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Candidate)
class CandidateAdmin(ModuleAdmin):
    list_display = ["name", "email", "phone", "experience_years", "source", "status"]
    list_filter = ["status", "source"]
    search_fields = ["name", "email", "phone"]
    autocomplete_fields = ["added_by"]
    readonly_fields = ["created_at", "updated_at"]


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["interview_type", "scheduled_date", "scheduled_time", "status", "rating", "decision"]
    show_change_link = True


@admin.register(JobApplication)
class JobApplicationAdmin(ModuleAdmin):
    list_display = ["applicant_name", "job_posting", "candidate", "status", "expected_salary", "created_at"]
    list_filter = ["status"]
    search_fields = ["applicant_name", "applicant_email", "job_posting__title"]
    list_select_related = ["job_posting", "candidate"]
    autocomplete_fields = ["job_posting", "candidate", "reviewed_by"]
    readonly_fields = ["reviewed_at", "created_at", "updated_at"]
    inlines = [InterviewInline]


@admin.register(Interview)
class InterviewAdmin(ModuleAdmin):
    list_display = ["job_application", "interview_type", "scheduled_date", "scheduled_time", "status", "rating"]
    list_filter = ["status", "interview_type"]
    search_fields = ["job_application__applicant_name", "interviewers"]
    list_select_related = ["job_application"]
    autocomplete_fields = ["job_application", "conducted_by"]
    readonly_fields = ["conducted_at", "created_at", "updated_at"]
