"""Purchase orders in the admin: created, changed and moved through their states by purchasing.services."""

from django.contrib import admin, messages

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.landing import attention_item
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each

from . import services
from .models import PurchaseOrder

EDITABLE_FIELDS = ["supplier_name", "supplier_contact", "requirements", "extra_materials", "total_amount",
                   "payment_terms", "expected_delivery"]


class PurchaseOrderForm(ServiceForm):
    class Meta:
        model = PurchaseOrder
        fields = [*EDITABLE_FIELDS, "requested_by"]

    def service_check(self, data):
        if "extra_materials" in self.fields:
            services.purchase_order_check_extra_materials(extra_materials=data.get("extra_materials"))


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = PurchaseOrderForm
    list_display = ["po_number", "supplier_name", "total_amount", status_badge(), "expected_delivery"]
    export_columns = ["po_number", "supplier_name", "total_amount", "status", "payment_terms", "expected_delivery",
                      "requested_by", "approved_by"]
    list_filter = ["status", "payment_terms"]
    search_fields = ["po_number", "supplier_name", "requested_by", "approved_by"]
    readonly_fields = ["po_number", "status", "original_requirements", "approved_by", "created_by", "created_at",
                       "updated_at"]
    fieldsets = [
        (None, {"fields": ["po_number", "supplier_name", "supplier_contact", "status"]}),
        ("Requirements", {"fields": ["requirements", "original_requirements", "extra_materials"]}),
        ("Money and delivery", {"fields": ["total_amount", "payment_terms", "expected_delivery"]}),
        ("People", {"fields": ["requested_by", "created_by", "approved_by", "created_at", "updated_at"]}),
    ]
    actions = ["approve", "mark_ordered", "receive", "cancel"]
    status_field = "status"
    status_flow = ["pending", "approved", "ordered", "received"]
    record_steps = [
        RecordStep("approve", "Approve", when=lambda order: order.status == "pending"),
        RecordStep("mark_ordered", "Order", when=lambda order: order.status == "approved"),
        RecordStep("receive", "Receive", when=lambda order: order.status == "ordered"),
        RecordStep("cancel", "Cancel", danger=True, when=lambda order: order.status in ("pending", "approved")),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        locked = [] if obj.status in services.EDITABLE else EDITABLE_FIELDS
        return [*self.readonly_fields, "requested_by", *locked]

    def get_changeform_initial_data(self, request):
        return {"requested_by": request.user.get_username(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data.get(field) for field in EDITABLE_FIELDS}
        if change:
            if obj.status not in services.EDITABLE:
                return  # nothing editable
            was_approved = obj.status == services.S.APPROVED
            saved = services.purchase_order_update(order=obj, **data)
            if was_approved and saved.status == services.S.PENDING:
                self.message_user(request, f"The amount of {saved.po_number} changed: it goes back for approval.",
                                  messages.WARNING)
        else:
            saved = services.purchase_order_create(
                requested_by=form.cleaned_data.get("requested_by") or request.user.get_username(),
                created_by=request.user, **data)
        adopt_saved(obj, saved)

    @admin.action(description="Approve", permissions=["change"])
    def approve(self, request, queryset):
        apply_to_each(self, request, queryset,
                      lambda o: services.purchase_order_approve(order=o, approver=request.user), "approved")

    @admin.action(description="Mark as ordered", permissions=["change"])
    def mark_ordered(self, request, queryset):
        apply_to_each(self, request, queryset, lambda o: services.purchase_order_mark_ordered(order=o),
                      "marked as ordered")

    @admin.action(description="Mark as received", permissions=["change"])
    def receive(self, request, queryset):
        apply_to_each(self, request, queryset, lambda o: services.purchase_order_receive(order=o),
                      "marked as received")

    @admin.action(description="Cancel", permissions=["change"])
    def cancel(self, request, queryset):
        apply_to_each(self, request, queryset, lambda o: services.purchase_order_cancel(order=o), "cancelled")


attention_item(
    key="open", label="Open purchase orders", model=PurchaseOrder,
    narrow=lambda orders, today: orders.filter(status__in=services.OPEN),
)

# Printed documents and landing-page charts of this app (declared beside the admin, shown by ModuleAdmin).
from . import charts, documents  # noqa: E402, F401
