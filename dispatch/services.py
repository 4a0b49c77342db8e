"""Dispatch workflows: dispatching a sold order, and the gate pass that lets it out of the yard.

A self-pickup dispatch is ready for pickup at once (or waits for customer details); a transport
dispatch waits (`pending`) for a transport job, is `assigned_transport` once fleet assigns a vehicle,
`in_transit` while on the road and `completed` when delivered. A self pickup is completed when its
gate pass is released. When every dispatched unit of an order is completed, the order is delivered.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from erp.core import wording
from erp.core.transitions import Transitions, locked
from sales.models import SalesOrder
from sales.services import (
    sales_order_mark_delivered,
    sales_order_mark_dispatched,
    sales_order_reopen_for_dispatch,
)

from .models import DispatchRequest, GatePass
from .signals import dispatch_request_cancelled, gate_pass_transport_details

Status = DispatchRequest.Status
DeliveryType = DispatchRequest.DeliveryType
PassStatus = GatePass.Status

# Allowed dispatch transitions: current status -> statuses it may move to.
DISPATCH_TRANSITIONS = Transitions(
    {
        Status.CUSTOMER_DETAILS_REQUIRED: {Status.READY_FOR_PICKUP, Status.PENDING, Status.CANCELLED},
        Status.PENDING: {Status.ASSIGNED_TRANSPORT, Status.CANCELLED},
        Status.READY_FOR_PICKUP: {Status.COMPLETED, Status.CANCELLED},
        # Back to pending when its transport job is cancelled.
        Status.ASSIGNED_TRANSPORT: {Status.IN_TRANSIT, Status.PENDING, Status.CANCELLED},
        Status.IN_TRANSIT: {Status.COMPLETED},
        Status.COMPLETED: set(),
        Status.CANCELLED: set(),
    },
    subject=str,
)
GATE_PASS_TRANSITIONS = Transitions(
    {
        PassStatus.PENDING: {PassStatus.VERIFIED},
        PassStatus.VERIFIED: {PassStatus.RELEASED},
        PassStatus.RELEASED: set(),
    },
    subject=str,
)
DISPATCHABLE_ORDER_STATUSES = {SalesOrder.OrderStatus.CONFIRMED, SalesOrder.OrderStatus.DISPATCHED}


def _dispatched_quantity(order: SalesOrder, *, status: str | None = None) -> int:
    requests = DispatchRequest.objects.filter(sales_order=order).exclude(status=Status.CANCELLED)
    if status:
        requests = requests.filter(status=status)
    return requests.aggregate(total=Sum("quantity"))["total"] or 0


def _has_party_details(dispatch_request: DispatchRequest) -> bool:
    return bool(dispatch_request.party_contact and dispatch_request.party_address)


def dispatch_request_create(
    *,
    sales_order: SalesOrder,
    delivery_type: str,
    quantity: int | None = None,
    dispatch_notes: str | None = None,
) -> DispatchRequest:
    """Dispatch (part of) a confirmed order; without `quantity`, everything not yet dispatched."""
    if delivery_type not in DeliveryType.values:
        raise ValidationError({"delivery_type": "Choose self pickup or transport."})
    with transaction.atomic():
        # Locking the order serialises two clerks dispatching the same order.
        order = locked(sales_order, related=["showroom_product"])
        if order.order_status not in DISPATCHABLE_ORDER_STATUSES:
            raise ValidationError(
                f"Order {order.order_number} cannot be dispatched: it is "
                f"{order.get_order_status_display().lower()}, not confirmed."
            )
        remaining = order.quantity - _dispatched_quantity(order)
        if remaining < 1:
            live = DispatchRequest.objects.filter(sales_order=order).exclude(status=Status.CANCELLED).order_by("pk")
            live = list(live)
            on = "; ".join(f"{wording.day_of(d.created_at) or 'undated'} ({d.get_status_display().lower()})"
                           for d in live)
            raise ValidationError(
                f"Order {order.order_number} has 0 of {order.quantity} left to dispatch: all are on its "
                f"{'dispatch' if len(live) == 1 else 'dispatches'} of {on}."
                + (" The order is still marked confirmed (legacy data): settle it with “Mark dispatched”."
                   if order.order_status == SalesOrder.OrderStatus.CONFIRMED else "")
            )
        orphan = (DispatchRequest.objects.filter(sales_order__isnull=True, showroom_product=order.showroom_product)
                  .exclude(status__in=[Status.CANCELLED, Status.COMPLETED]).order_by("pk").first())
        if orphan is not None:
            raise ValidationError(
                f"{orphan} ({orphan.get_status_display().lower()}) already carries "
                f"{order.showroom_product} without a link to its order (set aside at adoption): restore its "
                "order link or cancel it before dispatching the product again."
            )
        if quantity is None:
            quantity = remaining
        if quantity < 1:
            raise ValidationError({"quantity": "Quantity must be at least 1."})
        if quantity > remaining:
            raise ValidationError(
                {"quantity": f"Order {order.order_number} has {remaining} of {order.quantity} left to dispatch; "
                             f"{quantity} cannot be dispatched."}
            )
        dispatch_request = DispatchRequest(
            sales_order=order,
            showroom_product=order.showroom_product,
            party_name=order.customer_name,
            party_contact=order.customer_contact,
            party_address=order.customer_address,
            party_email=order.customer_email,
            delivery_type=delivery_type,
            original_delivery_type=delivery_type,
            quantity=quantity,
            dispatch_notes=dispatch_notes or None,
        )
        if not _has_party_details(dispatch_request):
            dispatch_request.status = Status.CUSTOMER_DETAILS_REQUIRED
        elif delivery_type == DeliveryType.SELF:
            dispatch_request.status = Status.READY_FOR_PICKUP
        else:
            dispatch_request.status = Status.PENDING
        dispatch_request.full_clean()
        dispatch_request.save()
        sales_order_mark_dispatched(sales_order=order)
        return dispatch_request


def dispatch_settle_confirmed_order(*, sales_order: SalesOrder) -> SalesOrder:
    """A confirmed order already on a dispatch (legacy data: the order was never marked dispatched) becomes
    dispatched, as dispatching it would have made it."""
    with transaction.atomic():
        order = locked(sales_order)
        if order.order_status != SalesOrder.OrderStatus.CONFIRMED:
            raise ValidationError(f"Order {order.order_number} is {order.get_order_status_display().lower()}, "
                                  "not confirmed: nothing to settle.")
        if not _dispatched_quantity(order):
            raise ValidationError(f"Order {order.order_number} is on no dispatch: dispatch it instead.")
        return sales_order_mark_dispatched(sales_order=order)


def dispatch_settle_self_pickup(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """A self pickup left in a transport state (legacy data: no step of the ERP puts a self pickup there) is
    settled: one in transit has left, so it is completed (and its order delivered, as a released gate pass
    would); one with transport assigned is still in the yard, so it is ready for pickup."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        stuck = (Status.IN_TRANSIT, Status.ASSIGNED_TRANSPORT)
        if dispatch_request.delivery_type != DeliveryType.SELF or dispatch_request.status not in stuck:
            raise ValidationError(
                f"{dispatch_request} is a {dispatch_request.get_delivery_type_display().lower()} "
                f"{dispatch_request.get_status_display().lower()}: nothing to settle.")
        if dispatch_request.status == Status.IN_TRANSIT:
            return dispatch_request_complete(dispatch_request=dispatch_request)
        return DISPATCH_TRANSITIONS.move(dispatch_request, to=Status.READY_FOR_PICKUP, verb="made ready for pickup",
                                         checked=True)


def dispatch_request_mark_ready(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """Customer details were filled in: a self pickup becomes ready, a transport waits for a job."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        if dispatch_request.status != Status.CUSTOMER_DETAILS_REQUIRED:
            raise ValidationError(
                f"{dispatch_request} cannot be marked ready: it is "
                f"{dispatch_request.get_status_display().lower()}."
            )
        if not _has_party_details(dispatch_request):
            raise ValidationError(f"{dispatch_request} still needs the party's contact and address.")
        target = Status.READY_FOR_PICKUP if dispatch_request.delivery_type == DeliveryType.SELF else Status.PENDING
        return DISPATCH_TRANSITIONS.move(dispatch_request, to=target, verb="marked ready")


def dispatch_request_assign_transport(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """Called by fleet when a vehicle is assigned to the dispatch's transport job."""
    with transaction.atomic():
        return DISPATCH_TRANSITIONS.move(locked(dispatch_request), to=Status.ASSIGNED_TRANSPORT, verb="given transport")


def dispatch_request_unassign_transport(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """Called by fleet when the dispatch's assigned transport job is cancelled."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        if dispatch_request.status == Status.PENDING:
            return dispatch_request
        return DISPATCH_TRANSITIONS.move(dispatch_request, to=Status.PENDING, verb="set back to pending")


def dispatch_request_start_transit(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    with transaction.atomic():
        return DISPATCH_TRANSITIONS.move(locked(dispatch_request), to=Status.IN_TRANSIT, verb="put in transit")


def dispatch_request_complete(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """The goods reached the customer; the order is delivered once all of it is completed."""
    with transaction.atomic():
        dispatch_request = DISPATCH_TRANSITIONS.move(locked(dispatch_request), to=Status.COMPLETED, verb="completed")
        order = dispatch_request.sales_order
        if order is None:
            return dispatch_request
        order = locked(order)
        # Legacy data has dispatches of orders left `confirmed`, or already `delivered`.
        if order.order_status not in DISPATCHABLE_ORDER_STATUSES:
            return dispatch_request
        if _dispatched_quantity(order, status=Status.COMPLETED) >= order.quantity:
            order = sales_order_mark_dispatched(sales_order=order)
            sales_order_mark_delivered(sales_order=order)
        return dispatch_request


def dispatch_request_cancel(*, dispatch_request: DispatchRequest) -> DispatchRequest:
    """Cancel a dispatch that has not left; its open transport job is cancelled with it (by fleet, through
    the dispatch_request_cancelled signal: a refusal there rolls the whole cancellation back)."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        if dispatch_request.gate_passes.filter(status=PassStatus.RELEASED).exists():
            raise ValidationError(
                f"{dispatch_request} cannot be cancelled: its gate pass was already released."
            )
        dispatch_request = DISPATCH_TRANSITIONS.move(dispatch_request, to=Status.CANCELLED, verb="cancelled")
        dispatch_request_cancelled.send(sender=DispatchRequest, dispatch_request=dispatch_request)
        order = dispatch_request.sales_order
        if order is not None:
            order = locked(order)
            if order.order_status == SalesOrder.OrderStatus.DISPATCHED and _dispatched_quantity(order) == 0:
                sales_order_reopen_for_dispatch(sales_order=order)
        return dispatch_request


# ---------------------------------------------------------------- gate passes

def gate_pass_issue(
    *,
    dispatch_request: DispatchRequest,
    vehicle_no: str | None = None,
    driver_name: str | None = None,
    driver_contact: str | None = None,
) -> GatePass:
    """Issue a gate pass for a dispatch that is ready to leave: a self pickup ready for pickup, or a
    transport dispatch with a vehicle assigned (whose number and driver are copied when not given)."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        if dispatch_request.delivery_type == DeliveryType.SELF:
            ready = dispatch_request.status == Status.READY_FOR_PICKUP
        else:
            ready = dispatch_request.status == Status.ASSIGNED_TRANSPORT
        if not ready:
            raise ValidationError(
                f"No gate pass can be issued for {wording.lower_first(str(dispatch_request))}: it is "
                f"{dispatch_request.get_status_display().lower()}"
                + (" (a transport dispatch needs a vehicle assigned first)."
                   if dispatch_request.delivery_type == DeliveryType.TRANSPORT else ".")
            )
        if dispatch_request.gate_passes.exclude(status=PassStatus.RELEASED).exists():
            raise ValidationError(f"{dispatch_request} already has a gate pass that is not released.")
        if dispatch_request.delivery_type == DeliveryType.TRANSPORT:
            for _receiver, details in gate_pass_transport_details.send(
                sender=DispatchRequest, dispatch_request=dispatch_request
            ):
                if details:
                    vehicle_no = vehicle_no or details.get("vehicle_no")
                    driver_name = driver_name or details.get("driver_name")
                    driver_contact = driver_contact or details.get("driver_contact")
        gate_pass = GatePass(
            dispatch_request=dispatch_request,
            party_name=dispatch_request.party_name,
            vehicle_no=vehicle_no or None,
            driver_name=driver_name or None,
            driver_contact=driver_contact or None,
            status=PassStatus.PENDING,
            issued_at=timezone.now(),
        )
        gate_pass.full_clean()
        gate_pass.save()
        return gate_pass


def _move_pass(gate_pass: GatePass, target: str, action: str, **changes) -> GatePass:
    gate_pass = locked(gate_pass, related=["dispatch_request"])
    GATE_PASS_TRANSITIONS.check(gate_pass, to=target, verb=action)
    if gate_pass.dispatch_request.status == Status.CANCELLED:
        raise ValidationError(f"{gate_pass} cannot be {action}: its dispatch was cancelled.")
    return GATE_PASS_TRANSITIONS.move(gate_pass, to=target, verb=action, checked=True, **changes)


def gate_pass_verify(*, gate_pass: GatePass) -> GatePass:
    """The guard checked the goods and the vehicle against the pass."""
    with transaction.atomic():
        return _move_pass(gate_pass, PassStatus.VERIFIED, "verified", verified_at=timezone.now())


def gate_pass_release(*, gate_pass: GatePass) -> GatePass:
    """The goods leave the yard, once; a self pickup is then completed."""
    with transaction.atomic():
        gate_pass = _move_pass(gate_pass, PassStatus.RELEASED, "released")
        dispatch_request = gate_pass.dispatch_request
        if dispatch_request.delivery_type == DeliveryType.SELF:
            dispatch_request_complete(dispatch_request=dispatch_request)
        return gate_pass


# ---------------------------------------------------------------- the code printed on a gate pass

def gate_pass_code(*, gate_pass: GatePass) -> str:
    """The code printed on the pass (and in its QR code): its number and a check from the site's secret key,
    so a guard who types or scans it finds the pass, and a made-up number is refused."""
    return f"GP-{gate_pass.pk}-{_code_check(gate_pass.pk, settings.SECRET_KEY)}"


def gate_pass_from_code(*, code: str) -> GatePass:
    """The gate pass a typed or scanned code names; a clear refusal for anything else.

    Accepts the code in any case, with spaces or without its dashes, alone or inside the address the
    pass's QR code holds (as a scanner app types it); a code signed with a previous SECRET_KEY
    (SECRET_KEY_FALLBACKS) is still accepted, so a rotation does not void printed passes."""
    cleaned = "".join((code or "").split()).upper()
    match = re.search(r"(?<![0-9A-Z])GP-?(\d{1,18})-?([0-9A-F]{8})(?![0-9A-Z])", cleaned)
    if not match:
        raise ValidationError(f"{code.strip()!r} is not a gate pass code: it reads like GP-12-1A2B3C4D."
                              if code and code.strip() else "Type or scan the code printed on the gate pass.")
    pk, check = int(match.group(1)), match.group(2)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(constant_time_compare(check, _code_check(pk, key)) for key in keys):
        raise ValidationError(f"Code {code.strip()} does not match any gate pass: check it against the printed pass.")
    gate_pass = GatePass.objects.select_related("dispatch_request").filter(pk=pk).first()
    if gate_pass is None:
        raise ValidationError(f"The gate pass with code {code.strip()} no longer exists.")
    return gate_pass


def _code_check(pk: int, key: str) -> str:
    return salted_hmac("dispatch.gate_pass_code", str(pk), secret=key, algorithm="sha256").hexdigest()[:8].upper()
