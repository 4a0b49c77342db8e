from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import PurchaseOrder


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ModuleAdmin):
    list_display = ["po_number", "supplier_name", "total_amount", "status", "payment_terms", "expected_delivery",
                    "requested_by", "approved_by"]
    list_filter = ["status", "payment_terms"]
    search_fields = ["po_number", "supplier_name", "requested_by"]
    readonly_fields = ["original_requirements", "approved_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["po_number", "supplier_name", "supplier_contact", "status"]}),
        ("Requirements", {"fields": ["requirements", "original_requirements", "extra_materials"]}),
        ("Money and delivery", {"fields": ["total_amount", "payment_terms", "expected_delivery"]}),
        ("People", {"fields": ["requested_by", "approved_by", "created_at", "updated_at"]}),
    ]
