from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import GuestVisit


@admin.register(GuestVisit)
class GuestVisitAdmin(ModuleAdmin):
    list_display = ["guest_name", "guest_company", "meeting_person", "visit_date", "visit_time", "status",
                    "in_time", "out_time"]
    list_filter = ["status", "visit_date", "meeting_person_department"]
    search_fields = ["guest_name", "meeting_person", "guest_contact", "vehicle_number"]
    readonly_fields = ["in_time", "out_time", "created_by", "created_at", "updated_at"]
    date_hierarchy = "visit_date"
