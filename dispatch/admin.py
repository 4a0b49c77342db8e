from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import DispatchRequest, GatePass


class GatePassInline(admin.TabularInline):
    model = GatePass
    extra = 0
    fields = ["party_name", "vehicle_no", "driver_name", "status", "issued_at", "verified_at"]
    readonly_fields = ["issued_at", "verified_at"]
    show_change_link = True


@admin.register(DispatchRequest)
class DispatchRequestAdmin(ModuleAdmin):
    list_display = ["id", "party_name", "showroom_product", "sales_order", "quantity", "delivery_type", "status",
                    "created_at"]
    list_filter = ["status", "delivery_type"]
    search_fields = ["party_name", "party_contact", "sales_order__order_number"]
    list_select_related = ["showroom_product", "sales_order"]
    autocomplete_fields = ["showroom_product", "sales_order"]
    readonly_fields = ["original_delivery_type", "created_at", "updated_at"]
    inlines = [GatePassInline]


@admin.register(GatePass)
class GatePassAdmin(ModuleAdmin):
    list_display = ["id", "dispatch_request", "party_name", "vehicle_no", "driver_name", "status", "issued_at"]
    list_filter = ["status"]
    search_fields = ["party_name", "vehicle_no", "driver_name"]
    list_select_related = ["dispatch_request"]
    raw_id_fields = ["dispatch_request"]
    readonly_fields = ["issued_at", "verified_at"]
