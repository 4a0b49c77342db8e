"""Dispatch admin: dispatching confirmed orders and the gate passes that let them out (dispatch.services)."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse

from erp.admin_toolkit.base import ModuleAdmin, ReadOnlyInline
from erp.admin_toolkit.contributions import contribute
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.input_guards import SafeAutocompleteSelect
from erp.admin_toolkit.landing import attention_item, stale_state
from erp.admin_toolkit.record_steps import BACK, RecordStep
from erp.admin_toolkit.workflows import (
    add_service_errors,
    apply_to_each,
    render_workflow_form,
)
from erp.core import wording
from sales.models import SalesOrder

from .models import DispatchRequest, GatePass
from .services import (
    dispatch_request_cancel,
    dispatch_request_create,
    dispatch_request_mark_ready,
    dispatch_settle_confirmed_order,
    dispatch_settle_self_pickup,
    gate_pass_issue,
    gate_pass_release,
    gate_pass_verify,
)


class GatePassInline(ReadOnlyInline):
    """Read-only: gate passes are issued, verified and released through their own actions."""

    model = GatePass
    fields = ["party_name", "vehicle_no", "driver_name", "status", "issued_at", "verified_at"]


class DispatchRequestCreateForm(forms.Form):
    order_number = forms.CharField(max_length=50, help_text="The sales order to dispatch, e.g. SO-2026-00001.")
    delivery_type = forms.ChoiceField(choices=DispatchRequest.DeliveryType.choices)
    quantity = forms.IntegerField(
        min_value=1, required=False, help_text="Leave empty to dispatch everything not yet dispatched."
    )
    dispatch_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_order_number(self):
        number = self.cleaned_data["order_number"].strip()
        try:
            self.sales_order = SalesOrder.objects.get(order_number=number)
        except SalesOrder.DoesNotExist:
            raise ValidationError(f"There is no sales order {number}.") from None
        return number


@admin.register(DispatchRequest)
class DispatchRequestAdmin(ModuleAdmin):
    list_display = ["id", "party_name", "sales_order", status_badge(), "created_at"]
    export_columns = ["id", "party_name", "showroom_product", "sales_order", "quantity", "delivery_type", "status",
                      "created_at"]
    list_filter = ["status", "delivery_type"]
    search_fields = ["party_name", "party_contact", "sales_order__order_number", "showroom_product__name"]
    list_select_related = ["showroom_product", "sales_order"]
    autocomplete_fields = ["showroom_product", "sales_order"]

    def get_queryset(self, request):
        # A dispatch is named by its order's number: the pickers (gate pass, transport job) read it in the same query.
        return super().get_queryset(request).select_related("sales_order")

    # What was dispatched and its status come from the services; party details can be completed here.
    readonly_fields = ["showroom_product", "sales_order", "quantity", "delivery_type", "status",
                       "original_delivery_type", "created_at", "updated_at"]
    fields = ["sales_order", "showroom_product", "quantity", "delivery_type", "status", "party_name",
              "party_contact", "party_email", "party_address", "dispatch_notes", "original_delivery_type",
              "created_at", "updated_at"]
    inlines = [GatePassInline]
    # Fleet adds "Request transport" (erp/admin_toolkit/contributions.py, fleet/admin.py).
    actions = ["mark_ready", "issue_gate_passes", "cancel_dispatches", "settle_self_pickups"]
    status_flow = ["pending", "ready_for_pickup", "assigned_transport", "in_transit",
                   "completed"]
    status_field = "status"
    record_steps = [
        RecordStep("mark_ready", "Mark ready", when=lambda d: d.status == "customer_details_required"),
        RecordStep("issue_gate_passes", "Issue gate pass", after=lambda d: _latest_pass_url(d),
                   when=lambda d: d.status in ("ready_for_pickup", "assigned_transport")),
        RecordStep("cancel_dispatches", "Cancel dispatch", danger=True,
                   when=lambda d: d.status not in ("completed", "cancelled", "in_transit")),
        RecordStep("settle_self_pickups", "Settle (legacy self pickup)",
                   when=lambda d: d.delivery_type == "self" and d.status in ("in_transit", "assigned_transport")),
    ]

    def get_status_flow(self, obj):
        # One delivery type's way: a self pickup is never assigned to transport, a transport never ready for pickup.
        skip = {"pending", "assigned_transport", "in_transit"} if obj.delivery_type == "self" else {"ready_for_pickup"}
        # "Waiting for customer details" is shown while a dispatch waits there (a detour, not a step of the way).
        return [state for state in self.status_flow if state not in skip or state == obj.status]

    def has_delete_permission(self, request, obj=None):
        return False  # a dispatch is cancelled, never deleted

    def has_gate_pass_permission(self, request):
        return request.user.has_perm("dispatch.add_gatepass")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {}
        if request.GET.get("sales_order", "").isdigit():
            order = SalesOrder.objects.filter(pk=request.GET["sales_order"]).first()
            if order is not None:
                initial["order_number"] = order.order_number
        form = DispatchRequestCreateForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                dispatch_request = dispatch_request_create(
                    sales_order=form.sales_order,
                    delivery_type=form.cleaned_data["delivery_type"],
                    quantity=form.cleaned_data["quantity"],
                    dispatch_notes=form.cleaned_data["dispatch_notes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_addition(request, dispatch_request, [{"added": {}}])
                self.message_user(
                    request,
                    f"Dispatch to {dispatch_request.party_name} created for {dispatch_request.quantity} of "
                    f"{form.sales_order.order_number}: {dispatch_request.get_status_display().lower()}.",
                    messages.SUCCESS,
                )
                return redirect("admin:dispatch_dispatchrequest_change", dispatch_request.pk)
        return render_workflow_form(
            self, request, form=form, title="Dispatch a sales order", submit_label="Dispatch",
            intro="Party details are copied from the order. A self pickup is ready at once; a transport "
                  "dispatch waits for a transport job.",
        )

    @admin.action(description="Mark ready (customer details completed)", permissions=["change"])
    def mark_ready(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: dispatch_request_mark_ready(dispatch_request=row),
                      "marked ready")

    @admin.action(description="Issue a gate pass for the selected dispatches", permissions=["gate_pass"])
    def issue_gate_passes(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: gate_pass_issue(dispatch_request=row),
                      "given a gate pass")

    @admin.action(description="Cancel selected dispatches", permissions=["change"])
    def cancel_dispatches(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: dispatch_request_cancel(dispatch_request=row),
                      "cancelled")

    @admin.action(description="Settle self pickups left in a transport state (legacy)", permissions=["change"])
    def settle_self_pickups(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: dispatch_settle_self_pickup(dispatch_request=row),
                      "settled")


class GatePassIssueForm(forms.Form):
    dispatch_request = forms.ModelChoiceField(queryset=DispatchRequest.objects.all())
    vehicle_no = forms.CharField(label="Vehicle number", max_length=100, required=False,
                                 help_text="For a transport dispatch, taken from its transport job when empty.")
    driver_name = forms.CharField(max_length=200, required=False)
    driver_contact = forms.CharField(max_length=100, required=False)

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked by search (order number, party); a choice widget gets its choices when its field is made.
        self.fields["dispatch_request"] = forms.ModelChoiceField(
            queryset=DispatchRequest.objects.all(),
            widget=SafeAutocompleteSelect(GatePass._meta.get_field("dispatch_request"), admin_site),
        )


@admin.register(GatePass)
class GatePassAdmin(ModuleAdmin):
    list_display = ["id", "party_name", "vehicle_no", status_badge(), "issued_at"]
    export_columns = ["id", "dispatch_request", "party_name", "vehicle_no", "driver_name", "status", "issued_at"]
    list_filter = ["status"]
    search_fields = ["party_name", "vehicle_no", "driver_name", "dispatch_request__sales_order__order_number",
                     "dispatch_request__party_name"]
    list_select_related = ["dispatch_request__sales_order"]  # the dispatch is named by its order
    autocomplete_fields = ["dispatch_request"]
    readonly_fields = ["dispatch_request", "party_name", "status", "issued_at", "verified_at"]
    actions = ["verify_passes", "release_passes"]
    status_field = "status"
    # After the release the clerk goes back to where the pass was issued from (a transport job, say).
    record_steps = [
        RecordStep("verify_passes", "Verify", when=lambda p: p.status == "pending"),
        RecordStep("release_passes", "Release (goods leave)", when=lambda p: p.status == "verified",
                   after=lambda p: BACK),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # the gate's record of what left the yard

    def get_readonly_fields(self, request, obj=None):
        # Fixed once issued: the guard checks the goods and the vehicle against what was issued.
        return [f.name for f in GatePass._meta.fields if f.name != "id"] if obj else self.readonly_fields

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {key: request.GET[key] for key in ("dispatch_request",) if key in request.GET}
        form = GatePassIssueForm(
            request.POST if request.method == "POST" else None, initial=initial, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            try:
                gate_pass = gate_pass_issue(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_addition(request, gate_pass, [{"added": {}}])
                self.message_user(
                    request, f"Gate pass issued for {wording.lower_first(str(gate_pass.dispatch_request))}.",
                    messages.SUCCESS,
                )
                return redirect("admin:dispatch_gatepass_change", gate_pass.pk)
        return render_workflow_form(
            self, request, form=form, title="Issue a gate pass", submit_label="Issue",
            intro="The gate verifies the pass, then releases it once when the goods leave.",
        )

    @admin.action(description="Verify selected gate passes", permissions=["change"])
    def verify_passes(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: gate_pass_verify(gate_pass=row), "verified")

    @admin.action(description="Release selected gate passes (goods leave)", permissions=["change"])
    def release_passes(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: gate_pass_release(gate_pass=row), "released")


def latest_pass_url(dispatch_request: DispatchRequest, back: str = "") -> str | None:
    """The page of the dispatch's newest gate pass (`back`: where its Release button returns to)."""
    gate_pass = dispatch_request.gate_passes.order_by("-pk").first()
    if gate_pass is None:
        return None
    url = reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk])
    return f"{url}?{urlencode({'next': back})}" if back else url


def _latest_pass_url(dispatch_request):
    return latest_pass_url(dispatch_request, back=reverse("admin:dispatch_dispatchrequest_change",
                                                          args=[dispatch_request.pk]))


def _awaiting_dispatch(orders, today):
    live_dispatches = DispatchRequest.objects.filter(sales_order=OuterRef("pk")).exclude(
        status=DispatchRequest.Status.CANCELLED)
    return orders.filter(order_status=SalesOrder.OrderStatus.CONFIRMED).filter(~Exists(live_dispatches))


def _product_on_a_dispatch_without_order(orders, today):
    orphans = DispatchRequest.objects.filter(sales_order__isnull=True, showroom_product=OuterRef("showroom_product"))\
        .exclude(status__in=[DispatchRequest.Status.COMPLETED, DispatchRequest.Status.CANCELLED])
    return _awaiting_dispatch(orders, today).filter(Exists(orphans))


# Legacy: the order's product is on an open dispatch whose order link adoption set aside; dispatching the
# order is refused until that dispatch is settled, so the order is not counted as awaiting dispatch.
blocked_by_a_dispatch_without_order = stale_state(
    key="product_on_a_dispatch_without_order", label="Confirmed orders whose product is on a dispatch without "
    "its order link", model=SalesOrder, narrow=_product_on_a_dispatch_without_order,
    settle="Settle that dispatch first (“Open dispatches whose order link was set aside”, on the "
           "post-adoption review page); the order can then be dispatched.",
)
# Confirmed orders are dispatch's work queue: counted here, on sales' model.
attention_item(key="awaiting_dispatch", label="Sales awaiting dispatch", model=SalesOrder, narrow=_awaiting_dispatch,
               leave_out=blocked_by_a_dispatch_without_order)


def _confirmed_on_a_dispatch(orders, today):
    live_dispatches = DispatchRequest.objects.filter(sales_order=OuterRef("pk")).exclude(
        status=DispatchRequest.Status.CANCELLED)
    return orders.filter(order_status=SalesOrder.OrderStatus.CONFIRMED).filter(Exists(live_dispatches))


# Legacy states that no workflow of the ERP leaves a row in (listed on the post-adoption review page).
stale_state(
    key="confirmed_on_a_dispatch", label="Orders still confirmed while already on a dispatch", model=SalesOrder,
    narrow=_confirmed_on_a_dispatch,
    settle="Mark them dispatched: Sales › Sales orders, action “Mark dispatched (already on a dispatch)”.",
)
stale_state(
    key="without_order", label="Open dispatches whose order link was set aside", model=DispatchRequest,
    narrow=lambda dispatches, today: dispatches.filter(sales_order__isnull=True).exclude(
        status__in=[DispatchRequest.Status.COMPLETED, DispatchRequest.Status.CANCELLED]),
    settle="Restore the order link (ERP administration › Quarantined values, “Restore original value”, once "
           "the order exists) or cancel the dispatch: Dispatch › Dispatch requests, action “Cancel selected "
           "dispatches” (a self pickup on the road: action “Settle self pickups left in a transport state”). "
           "Until then the product cannot be dispatched again.",
)
stale_state(
    key="self_pickup_in_transport_state", label="Self pickups left in a transport state (legacy)",
    model=DispatchRequest,
    narrow=lambda dispatches, today: dispatches.filter(
        delivery_type=DispatchRequest.DeliveryType.SELF,
        status__in=[DispatchRequest.Status.IN_TRANSIT, DispatchRequest.Status.ASSIGNED_TRANSPORT]),
    settle="Settle them: Dispatch › Dispatch requests, action “Settle self pickups left in a transport state "
           "(legacy)”: one in transit has left and is completed, one with transport assigned becomes ready for "
           "pickup (or cancel it).",
)


@admin.action(description="Mark dispatched (already on a dispatch)")
def mark_dispatched(model_admin, request, queryset):
    apply_to_each(model_admin, request, queryset, lambda row: dispatch_settle_confirmed_order(sales_order=row),
                  "marked dispatched")


@admin.action(description="Dispatch selected orders for self pickup (everything not yet dispatched)")
def dispatch_for_pickup(model_admin, request, queryset):
    apply_to_each(model_admin, request, queryset,
                  lambda row: dispatch_request_create(sales_order=row, delivery_type=DispatchRequest.DeliveryType.SELF),
                  "dispatched for self pickup")


@admin.action(description="Dispatch selected orders by transport (everything not yet dispatched)")
def dispatch_by_transport(model_admin, request, queryset):
    apply_to_each(model_admin, request, queryset,
                  lambda row: dispatch_request_create(sales_order=row,
                                                      delivery_type=DispatchRequest.DeliveryType.TRANSPORT),
                  "dispatched by transport")


def _latest_dispatch_url(order: SalesOrder) -> str | None:
    dispatch_request = order.dispatch_requests.order_by("-pk").first()
    return reverse("admin:dispatch_dispatchrequest_change", args=[dispatch_request.pk]) if dispatch_request else None


# Dispatch's part of the sales order admin: dispatching a confirmed order from its page or the list, and
# settling legacy orders left confirmed while on a dispatch.
contribute(
    SalesOrder, permission="dispatch.add_dispatchrequest",
    actions=[dispatch_for_pickup, dispatch_by_transport, mark_dispatched],
    record_steps=[
        RecordStep("dispatch_for_pickup", "Dispatch for pickup", after=_latest_dispatch_url,
                   when=lambda order: order.order_status == SalesOrder.OrderStatus.CONFIRMED),
        RecordStep("dispatch_by_transport", "Dispatch by transport", after=_latest_dispatch_url,
                   when=lambda order: order.order_status == SalesOrder.OrderStatus.CONFIRMED),
    ],
)

# Printed documents of this app (declared beside the admin, served by ModuleAdmin).
from . import documents  # noqa: E402, F401
