"""Performance reviews in the admin: submitted and acknowledged through hr.services."""

from django.contrib import admin

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.workflows import ServiceRefusalOnSave, apply_to_each
from hr import services
from hr.models import PerformanceReview


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["employee", "reviewer", "review_period_start", "review_period_end", "overall_rating",
                    status_badge()]
    list_filter = ["status"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name",
                     "reviewer__first_name", "reviewer__last_name"]
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
