"""Showroom admin: the catalogue of products; selling one opens a new sales order for it."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import CodeValuesFilter, coded, status_badge

from .models import ShowroomProduct


@admin.register(ShowroomProduct)
class ShowroomProductAdmin(ModuleAdmin):
    list_display = ["name", coded("category"), "sale_price", "cost_price", status_badge("showroom_status", "Status"),
                    "quantity", "sold_date"]
    list_filter = ["showroom_status", ("category", CodeValuesFilter)]
    search_fields = ["name", "category"]
    # The status follows the product's sales orders (showroom.services), never typed by hand.
    readonly_fields = ["showroom_status", "production_order_id", "sold_date", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "category", "quantity", "showroom_status"]}),
        ("Prices", {"fields": ["cost_price", "sale_price"]}),
        ("History", {"fields": ["production_order_id", "sold_date", "created_at"]}),
    ]
    actions = ["sell_product"]

    def has_view_permission(self, request, obj=None):
        # The sales desk picks products when it creates an order (the product autocomplete asks this admin),
        # without the showroom module appearing on its index.
        return super().has_view_permission(request, obj) or request.user.has_perm("sales.add_salesorder")

    def has_sell_permission(self, request):
        return request.user.has_perm("sales.add_salesorder")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The product picker of a new sales order offers only what can be sold.
        if request.GET.get("app_label") == "sales" and request.GET.get("model_name") == "salesorder":
            queryset = queryset.filter(showroom_status=ShowroomProduct.Status.AVAILABLE)
        return queryset, may_have_duplicates

    @admin.action(description="Sell the selected product (new sales order)", permissions=["sell"])
    def sell_product(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one product to sell.", messages.WARNING)
            return None
        product = queryset.get()
        if product.showroom_status != ShowroomProduct.Status.AVAILABLE:
            self.message_user(
                request,
                f"{product.name} cannot be sold: it is {product.get_showroom_status_display().lower()}.",
                messages.ERROR,
            )
            return None
        return redirect(reverse("admin:sales_salesorder_add") + f"?showroom_product={product.pk}")
