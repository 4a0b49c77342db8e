"""Sales admin: orders are created, confirmed, cancelled and paid through sales.services."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse

from erp.admin_toolkit.base import ModuleAdmin, ReadOnlyInline
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.input_guards import SafeAutocompleteSelect
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import (
    add_service_errors,
    apply_to_each,
    render_workflow_form,
)
from erp.core.fields import ZERO
from showroom.models import ShowroomProduct

from .models import Customer, PaymentMethod, SalesOrder, SalesTarget, SalesTransaction
from .services import (
    order_net_paid,
    sales_order_cancel,
    sales_order_confirm,
    sales_order_create,
    sales_transaction_record_payment,
    sales_transaction_record_refund,
)


@admin.register(Customer)
class CustomerAdmin(ModuleAdmin):
    list_display = ["name", "contact", "current_balance", "is_active"]
    export_columns = ["name", "customer_type", "contact", "email", "credit_limit", "current_balance", "is_active"]
    list_filter = ["customer_type", "is_active"]
    search_fields = ["name", "contact", "email"]
    readonly_fields = ["created_at", "updated_at"]


# ---------------------------------------------------------------- orders

CENT = Decimal("0.01")

ORDER_INPUT_FIELDS = [
    "showroom_product", "quantity", "unit_price", "discount_amount", "customer_name", "customer_contact",
    "customer_email", "customer_address", "payment_method", "sales_person", "payment_due_date", "coupon_code",
    "origin", "destination", "distance", "vehicle_type", "notes",
]


class SalesOrderCreateForm(forms.Form):
    """What a clerk types to sell a product; totals, number and statuses come from the service (the form
    shows a live total as the clerk types: sales/static/sales/order_total.js)."""

    class Media:
        js = ["sales/order_total.js"]

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                SalesOrder,
                fields=ORDER_INPUT_FIELDS,
                widgets={
                    "showroom_product": SafeAutocompleteSelect(
                        SalesOrder._meta.get_field("showroom_product"), admin_site
                    ),
                    "payment_due_date": AdminDateWidget,
                },
            )
        )
        self.fields["showroom_product"].help_text = "Only available products can be sold."
        self.fields["quantity"] = forms.IntegerField(min_value=1, initial=1)
        self.fields["unit_price"].required = False
        self.fields["unit_price"].help_text = "Leave empty to use the product's sale price."
        self.fields["discount_amount"].required = False


class SalesTransactionInline(ReadOnlyInline):
    """Read-only: payments and refunds are recorded through the sales transaction form."""

    model = SalesTransaction
    fields = ["transaction_type", "amount", "payment_method", "reference_number", "utr_number", "created_at"]


@admin.register(SalesOrder)
class SalesOrderAdmin(ModuleAdmin):
    list_display = ["order_number", "customer_name", "final_amount", status_badge("payment_status", "Payment"),
                    status_badge("order_status", "Status"), "created_at"]
    export_columns = [
        "order_number", "customer_name", "showroom_product", "final_amount", "payment_status", "order_status",
        "sales_person", "created_at",
    ]
    list_filter = ["order_status", "payment_status", "payment_method"]
    search_fields = ["order_number", "customer_name", "customer_contact", "sales_person", "showroom_product__name"]
    list_select_related = ["showroom_product"]
    autocomplete_fields = ["showroom_product"]
    # Amounts, statuses and the product are the services' business: only descriptive fields are edited here.
    readonly_fields = [
        "order_number", "showroom_product", "quantity", "unit_price", "total_amount", "discount_amount",
        "final_amount", "payment_status", "order_status", "sales_person", "created_at", "updated_at",
        "bypassed_at", "paid_so_far", "balance_due",
    ]
    inlines = [SalesTransactionInline]
    actions = ["confirm_orders", "cancel_orders", "dispatch_order"]
    status_field = "order_status"
    status_flow = ["pending", "confirmed", "dispatched", "delivered"]
    # Dispatch adds "Dispatch for pickup" and "Dispatch by transport" (dispatch/admin.py).
    record_steps = [
        RecordStep("confirm_orders", "Confirm", when=lambda order: order.order_status == "pending"),
        RecordStep("dispatch_order", "Dispatch part…", when=lambda order: order.order_status in ("confirmed",
                                                                                               "dispatched")),
        RecordStep("cancel_orders", "Cancel order", danger=True,
                   when=lambda order: order.order_status in ("pending", "confirmed")),
    ]
    fieldsets = [
        (None, {"fields": ["order_number", "showroom_product", "quantity", "sales_person", "order_status"]}),
        ("Customer", {"fields": ["customer_name", "customer_contact", "customer_email", "customer_address"]}),
        ("Amounts", {"fields": ["unit_price", "total_amount", "discount_amount", "final_amount", "coupon_code"]}),
        ("Payment", {"fields": ["payment_method", "payment_status", "paid_so_far", "balance_due", "payment_due_date",
                                "finance_bypass",
                                "bypass_reason", "bypassed_at"]}),
        ("Transport", {"fields": ["origin", "destination", "distance", "vehicle_type"]}),
        ("Notes", {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # an order is cancelled, never deleted

    @admin.display(description="paid so far")
    def paid_so_far(self, order):
        """Payments less refunds (the payments are listed below)."""
        return order_net_paid(order).quantize(CENT) if order.pk else "-"

    @admin.display(description="balance due")
    def balance_due(self, order):
        if not order.pk:
            return "-"
        if order.order_status == SalesOrder.OrderStatus.CANCELLED:
            return "nothing (cancelled)"
        return max(order.final_amount - order_net_paid(order), ZERO).quantize(CENT)

    def get_urls(self):
        price = path("price/", self.admin_site.admin_view(self.price_view), name="sales_salesorder_price")
        return [price, *super().get_urls()]

    def price_view(self, request):
        """The sale price of a product, for the order form's live total."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        pk = request.GET.get("product", "")
        product = ShowroomProduct.objects.filter(pk=pk).first() if pk.isdigit() else None
        return JsonResponse({"sale_price": str(product.sale_price) if product and product.sale_price is not None
                             else None})

    def has_dispatch_permission(self, request):
        return request.user.has_perm("dispatch.add_dispatchrequest")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_record_payment": request.user.has_perm("sales.add_salestransaction"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {key: request.GET[key] for key in ORDER_INPUT_FIELDS if key in request.GET}
        initial.setdefault("sales_person", request.user.get_full_name() or request.user.get_username())
        initial.setdefault("discount_amount", ZERO)
        form = SalesOrderCreateForm(
            request.POST if request.method == "POST" else None, initial=initial, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            try:
                order = sales_order_create(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_addition(request, order, [{"added": {}}])
                self.message_user(
                    request,
                    f"Sales order {order.order_number} created for {order.final_amount}; "
                    f"{order.showroom_product.name} is reserved.",
                    messages.SUCCESS,
                )
                return redirect("admin:sales_salesorder_change", order.pk)
        return render_workflow_form(
            self, request, form=form, title="Sell a product (new sales order)", submit_label="Create order",
            form_data={"price-url": reverse("admin:sales_salesorder_price", current_app=self.admin_site.name)},
            intro="The order number, total and final amount are computed; the product is reserved for this order.",
        )

    @admin.action(description="Confirm selected orders", permissions=["change"])
    def confirm_orders(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: sales_order_confirm(sales_order=row), "confirmed")

    @admin.action(description="Cancel selected orders (releases the product)", permissions=["change"])
    def cancel_orders(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: sales_order_cancel(sales_order=row), "cancelled")

    @admin.action(description="Dispatch the selected order", permissions=["dispatch"])
    def dispatch_order(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one order to dispatch.", messages.WARNING)
            return None
        return redirect(reverse("admin:dispatch_dispatchrequest_add") + f"?sales_order={queryset.get().pk}")


# ---------------------------------------------------------------- payments and refunds

class SalesTransactionCreateForm(forms.Form):
    KIND_CHOICES = [
        (SalesTransaction.Type.PAYMENT, "Payment received"),
        (SalesTransaction.Type.REFUND, "Refund paid out"),
    ]

    sales_order = forms.ModelChoiceField(queryset=SalesOrder.objects.all())
    transaction_type = forms.ChoiceField(label="Kind", choices=KIND_CHOICES)
    amount = forms.DecimalField(
        max_digits=12, decimal_places=2, help_text="Always positive; a refund is stored negative."
    )
    payment_method = forms.ChoiceField(choices=PaymentMethod.choices)
    reference_number = forms.CharField(max_length=100, required=False)
    utr_number = forms.CharField(label="UTR number", max_length=100, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked by search (order number, customer), shown by its number: never typed as an id.
        # (A choice widget gets its choices when its field is made: the field is made again with it.)
        self.fields["sales_order"] = forms.ModelChoiceField(
            queryset=SalesOrder.objects.all(),
            widget=SafeAutocompleteSelect(SalesTransaction._meta.get_field("sales_order"), admin_site),
        )


@admin.register(SalesTransaction)
class SalesTransactionAdmin(ModuleAdmin):
    list_display = ["id", "sales_order", "transaction_type", "amount", "created_at"]
    export_columns = ["id", "sales_order", "transaction_type", "amount", "payment_method", "reference_number",
                      "created_at"]
    list_filter = ["transaction_type", "payment_method", "created_at"]  # each served by an index (see the model)
    # Exact references on indexed columns of this table, or the order: its number exactly, its customer's name
    # by prefix, as one value ("Neha Das"), looked up in the orders table first and matched by the indexed
    # sales_order_id (search_by_key, erp/admin_toolkit/changelist.py), not by an OR across a join.
    search_fields = ["=reference_number", "=utr_number", "=sales_order__order_number", "^sales_order__customer_name"]
    search_by_key = True
    search_words = False
    list_select_related = ["sales_order"]
    autocomplete_fields = ["sales_order"]
    readonly_fields = ["created_at"]

    # Money records are never edited or deleted: a mistake is corrected by a refund or a new payment.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {key: request.GET[key] for key in ("sales_order", "transaction_type") if key in request.GET}
        form = SalesTransactionCreateForm(
            request.POST if request.method == "POST" else None, initial=initial, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            kind = data.pop("transaction_type")
            try:
                if kind == SalesTransaction.Type.REFUND:
                    data.pop("utr_number")
                    record = sales_transaction_record_refund(**data)
                else:
                    record = sales_transaction_record_payment(**data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_addition(request, record, [{"added": {}}])
                order = record.sales_order
                self.message_user(
                    request,
                    f"{record.get_transaction_type_display()} of {abs(record.amount)} recorded on "
                    f"{order.order_number}; payment status: {order.get_payment_status_display().lower()}.",
                    messages.SUCCESS,
                )
                return redirect("admin:sales_salesorder_change", order.pk)
        return render_workflow_form(
            self, request, form=form, title="Record a payment or refund", submit_label="Record",
            intro="The order's payment status is recomputed from all its payments and refunds.",
        )


# ---------------------------------------------------------------- targets

@admin.register(SalesTarget)
class SalesTargetAdmin(ModuleAdmin):
    list_display = ["sales_person", "year", "month", "target_amount", "achieved", "achieved_percent",
                    "assignment_type", "assigned_by"]
    list_filter = ["year", "month", "assignment_type"]
    search_fields = ["sales_person", "assigned_by"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        # One correlated subquery in the page's query, not one query per row.
        achieved = (
            SalesOrder.objects.filter(
                sales_person=OuterRef("sales_person"),
                created_at__year=OuterRef("year"),
                created_at__month=OuterRef("month"),
            )
            .exclude(order_status=SalesOrder.OrderStatus.CANCELLED)
            .order_by()
            .values("sales_person")
            .annotate(total=Sum("final_amount"))
            .values("total")
        )
        money = DecimalField(max_digits=14, decimal_places=2)
        return super().get_queryset(request).annotate(
            achieved_amount=Coalesce(Subquery(achieved, output_field=money), Value(ZERO), output_field=money)
        )

    @admin.display(description="achieved", ordering="achieved_amount")
    def achieved(self, obj):
        return getattr(obj, "achieved_amount", None)

    @admin.display(description="% of target")
    def achieved_percent(self, obj):
        amount = getattr(obj, "achieved_amount", None)
        if amount is None or not obj.target_amount:
            return "-"
        return f"{amount * 100 / obj.target_amount:.0f} %"

# Printed documents and landing-page charts of this app (declared beside the admin, shown by ModuleAdmin).
from . import charts, documents  # noqa: E402, F401
