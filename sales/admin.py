from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import Customer, SalesOrder, SalesTarget, SalesTransaction


@admin.register(Customer)
class CustomerAdmin(ModuleAdmin):
    list_display = ["name", "customer_type", "contact", "email", "credit_limit", "current_balance", "is_active"]
    list_filter = ["customer_type", "is_active"]
    search_fields = ["name", "contact", "email"]
    readonly_fields = ["created_at", "updated_at"]


class SalesTransactionInline(admin.TabularInline):
    model = SalesTransaction
    extra = 0
    fields = ["transaction_type", "amount", "payment_method", "reference_number", "utr_number", "created_at"]
    readonly_fields = ["created_at"]
    show_change_link = True


@admin.register(SalesOrder)
class SalesOrderAdmin(ModuleAdmin):
    list_display = [
        "order_number", "customer_name", "showroom_product", "final_amount", "payment_status", "order_status",
        "sales_person", "created_at",
    ]
    list_filter = ["order_status", "payment_status", "payment_method"]
    search_fields = ["order_number", "customer_name", "customer_contact", "sales_person"]
    list_select_related = ["showroom_product"]
    autocomplete_fields = ["showroom_product"]
    readonly_fields = ["created_at", "updated_at", "bypassed_at"]
    inlines = [SalesTransactionInline]
    fieldsets = [
        (None, {"fields": ["order_number", "showroom_product", "quantity", "sales_person", "order_status"]}),
        ("Customer", {"fields": ["customer_name", "customer_contact", "customer_email", "customer_address"]}),
        ("Amounts", {"fields": ["unit_price", "total_amount", "discount_amount", "final_amount", "coupon_code"]}),
        ("Payment", {"fields": ["payment_method", "payment_status", "payment_due_date", "finance_bypass",
                                "bypass_reason", "bypassed_at"]}),
        ("Transport", {"fields": ["origin", "destination", "distance", "vehicle_type"]}),
        ("Notes", {"fields": ["notes", "created_at", "updated_at"]}),
    ]


@admin.register(SalesTransaction)
class SalesTransactionAdmin(ModuleAdmin):
    list_display = ["id", "sales_order", "transaction_type", "amount", "payment_method", "reference_number", "created_at"]
    list_filter = ["transaction_type", "payment_method", "created_at"]  # each served by an index (see the model)
    # Exact references on indexed columns of this table: an OR across a join would scan every payment.
    search_fields = ["=reference_number", "=utr_number"]
    list_select_related = ["sales_order"]
    raw_id_fields = ["sales_order"]
    readonly_fields = ["created_at"]


@admin.register(SalesTarget)
class SalesTargetAdmin(ModuleAdmin):
    list_display = ["sales_person", "year", "month", "target_amount", "assignment_type", "assigned_by"]
    list_filter = ["year", "month", "assignment_type"]
    search_fields = ["sales_person"]
    readonly_fields = ["created_at", "updated_at"]
