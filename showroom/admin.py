from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import ShowroomProduct


@admin.register(ShowroomProduct)
class ShowroomProductAdmin(ModuleAdmin):
    list_display = ["name", "category", "sale_price", "cost_price", "showroom_status", "quantity", "sold_date"]
    list_filter = ["showroom_status", "category"]
    search_fields = ["name", "category"]
    readonly_fields = ["production_order_id", "sold_date", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "category", "quantity", "showroom_status"]}),
        ("Prices", {"fields": ["cost_price", "sale_price"]}),
        ("History", {"fields": ["production_order_id", "sold_date", "created_at"]}),
    ]
