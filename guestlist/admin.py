"""Reception's guest list: who is expected today, who is on site, check in/out through guestlist.services."""

from django.contrib import admin
from django.utils import timezone

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.landing import attention_item, stale_state
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each

from . import services
from .models import GuestVisit


class ExpectedTodayFilter(admin.SimpleListFilter):
    """Guests due today who have not arrived yet."""

    title = "expected today"
    parameter_name = "expected_today"

    def lookups(self, request, model_admin):
        return [("yes", "Expected today")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(visit_date=timezone.localdate(), status=GuestVisit.Status.SCHEDULED)
        return queryset


class OnSiteNowFilter(admin.SimpleListFilter):
    """Guests checked in and not yet out, whatever day they arrived."""

    title = "on site now"
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [("yes", "On site now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=GuestVisit.Status.CHECKED_IN)
        return queryset


class GuestVisitForm(ServiceForm):
    class Meta:
        model = GuestVisit
        exclude = ["status", "in_time", "out_time", "created_by"]

    def service_check(self, data):
        if not self.instance.pk and data.get("visit_date"):
            services.guest_visit_check_date(visit_date=data["visit_date"])


@admin.register(GuestVisit)
class GuestVisitAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = GuestVisitForm
    list_display = ["guest_name", "guest_company", "meeting_person", "visit_date", status_badge(), "duration"]
    export_columns = ["guest_name", "guest_company", "meeting_person", "visit_date", "visit_time", "status",
                      "in_time", "out_time", "duration"]
    list_filter = [ExpectedTodayFilter, OnSiteNowFilter, "status", "visit_date", "meeting_person_department"]
    search_fields = ["guest_name", "guest_company", "meeting_person", "guest_contact", "vehicle_number"]
    readonly_fields = ["status", "in_time", "out_time", "duration", "created_by", "created_at", "updated_at"]
    date_hierarchy = "visit_date"
    # Latest day first; within a day, in the order guests are expected.
    ordering = ["-visit_date", "visit_time", "id"]
    actions = ["check_in", "check_out", "cancel"]
    status_field = "status"
    status_flow = ["scheduled", "checked_in", "checked_out"]
    record_steps = [
        RecordStep("check_in", "Check in", when=lambda visit: visit.status == "scheduled"),
        RecordStep("check_out", "Check out", when=lambda visit: visit.status == "checked_in"),
        RecordStep("cancel", "Cancel the visit", danger=True, when=lambda visit: visit.status == "scheduled"),
    ]

    @admin.display(description="duration")
    def duration(self, visit: GuestVisit) -> str:
        if not visit.in_time:
            return "–"
        if not visit.out_time and visit.visit_date < timezone.localdate():
            # Stale (legacy): checked in on an earlier day and never checked out; not "on site".
            return f"never checked out (checked in {timezone.localtime(visit.in_time):%Y-%m-%d %H:%M})"
        end = visit.out_time or timezone.now()
        minutes = int((end - visit.in_time).total_seconds() // 60)
        text = f"{minutes // 60} h {minutes % 60:02d} min"
        return text if visit.out_time else f"{text} (on site)"

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
            return
        data = {k: v for k, v in form.cleaned_data.items()}
        saved = services.guest_visit_schedule(
            guest_name=data.pop("guest_name"), meeting_person=data.pop("meeting_person"),
            visit_date=data.pop("visit_date"), purpose=data.pop("purpose"),
            created_by=request.user.get_username(), **data)
        adopt_saved(obj, saved)

    @admin.action(description="Check in now", permissions=["change"])
    def check_in(self, request, queryset):
        apply_to_each(self, request, queryset, lambda v: services.guest_visit_check_in(visit=v), "checked in")

    @admin.action(description="Check out now", permissions=["change"])
    def check_out(self, request, queryset):
        apply_to_each(self, request, queryset, lambda v: services.guest_visit_check_out(visit=v), "checked out")

    @admin.action(description="Cancel the visit", permissions=["change"])
    def cancel(self, request, queryset):
        apply_to_each(self, request, queryset, lambda v: services.guest_visit_cancel(visit=v), "cancelled")


attention_item(
    key="expected_today", label="Visitors expected today", model=GuestVisit,
    narrow=lambda visits, today: visits.filter(visit_date=today, status=GuestVisit.Status.SCHEDULED),
)
# Legacy guest lists hold guests "checked in" months ago and never checked out: not on site now.
on_site_for_days = stale_state(
    key="on_site_for_days", label="Guests checked in on an earlier day and never checked out", model=GuestVisit,
    narrow=lambda visits, today: visits.filter(status=GuestVisit.Status.CHECKED_IN, visit_date__lt=today),
    settle="Check them out: Guest list › Guest visits, action “Check out now”.",
)
attention_item(
    key="on_site", label="Visitors on site now", model=GuestVisit,
    narrow=lambda visits, today: visits.filter(status=GuestVisit.Status.CHECKED_IN), leave_out=on_site_for_days,
)

# The landing page's chart of this app (erp/admin_toolkit/charts.py).
from . import charts  # noqa: E402, F401
