"""Recruitment in the admin: postings, candidates, applications and interviews through hr.services."""

from django.contrib import admin

from erp.admin_toolkit.base import ModuleAdmin, ReadOnlyInline
from erp.admin_toolkit.display import CodeValuesFilter, coded, status_badge
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each, editable_fields
from hr import services
from hr.models import Candidate, Interview, JobApplication, JobPosting


@admin.register(JobPosting)
class JobPostingAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["title", "department", "employment_type", status_badge(), "application_deadline", "posted_by"]
    list_filter = ["status", "department", "employment_type"]
    search_fields = ["title", "department", "posted_by__first_name", "posted_by__last_name"]
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
    list_display = ["name", "email", "phone", "experience_years", coded("source"), coded("status")]
    list_filter = [("status", CodeValuesFilter), ("source", CodeValuesFilter)]
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
            services.job_application_check_posting(posting=data["job_posting"], candidate=data.get("candidate"),
                                                   applicant_email=data.get("applicant_email"))


@admin.register(JobApplication)
class JobApplicationAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = JobApplicationForm
    list_display = ["applicant_name", "job_posting", "candidate", status_badge(), "expected_salary", "created_at"]
    list_filter = ["status"]
    search_fields = ["applicant_name", "applicant_email", "job_posting__title", "candidate__name"]
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
        if not self.instance.pk or "scheduled_date" in self.changed_data or "scheduled_time" in self.changed_data:
            services.interview_check_when(scheduled_date=data.get("scheduled_date"),
                                          scheduled_time=data.get("scheduled_time"))


@admin.register(Interview)
class InterviewAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = InterviewForm
    list_display = ["job_application", "interview_type", "scheduled_date", "scheduled_time", status_badge(), "rating"]
    list_filter = ["status", "interview_type"]
    search_fields = ["job_application__applicant_name", "job_application__job_posting__title", "interviewers"]
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
