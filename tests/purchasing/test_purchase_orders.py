"""Purchase orders: generated numbers, original requirements kept, pending → approved → ordered → received."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from purchasing import services
from purchasing.models import PurchaseOrder
from tests.admin_toolkit.support import post_action, shown_messages
from tests.purchasing import factories as purchasing_factories
from tests.support import verified_login

S = PurchaseOrder.Status
YEAR = timezone.localdate().year


def create(**kw):
    return services.purchase_order_create(supplier_name=kw.pop("supplier_name", "Steel Ltd"), **kw)


@pytest.mark.django_db
def test_numbers_are_generated_per_year_in_sequence():
    purchasing_factories.purchase_order(po_number=f"PO-{YEAR - 1}-0007")
    purchasing_factories.purchase_order(po_number=f"PO-{YEAR}-0009")
    assert create().po_number == f"PO-{YEAR}-0010"
    assert create().po_number == f"PO-{YEAR}-0011"
    purchasing_factories.purchase_order(po_number=f"PO-{YEAR}-9999")
    assert create().po_number == f"PO-{YEAR}-10000"
    assert create().po_number == f"PO-{YEAR}-10001"  # 10000 sorts after 9999, not before


@pytest.mark.django_db
def test_numbers_already_in_the_table_are_never_reissued():
    assert create().po_number == f"PO-{YEAR}-0001"
    purchasing_factories.purchase_order(po_number=f"PO-{YEAR}-0005")  # e.g. adopted from the legacy database
    # A hand-typed legacy number does not disturb the sequence.
    purchasing_factories.purchase_order(po_number=f"PO-{YEAR}-X")
    assert create().po_number == f"PO-{YEAR}-0006"


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_distinct_numbers(mysql_only):
    errors, per_thread = [], 4
    create()  # the sequence row exists (an earlier transactional test may have flushed it)

    def clerk():
        try:
            for _ in range(per_thread):
                create(requirements="bolts")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(PurchaseOrder.objects.values_list("po_number", flat=True))
    assert numbers == [f"PO-{YEAR}-{n:04d}" for n in range(1, 3 * per_thread + 2)]


@pytest.mark.django_db
def test_original_requirements_are_kept_beside_changes():
    order = create(requirements="10 t steel", total_amount=Decimal("5000"), extra_materials='[{"item": "bolts"}]')
    assert order.original_requirements == "10 t steel" and order.status == S.PENDING
    order = services.purchase_order_update(order=order, requirements="12 t steel", total_amount=Decimal("6000"),
                                           payment_terms="net_30", supplier_name="Steel Ltd")
    assert (order.requirements, order.original_requirements) == ("12 t steel", "10 t steel")
    with pytest.raises(ValidationError, match="valid JSON"):
        services.purchase_order_update(order=order, requirements="x", total_amount=Decimal("1"),
                                       payment_terms="net_30", supplier_name="Steel Ltd", extra_materials="{oops")
    with pytest.raises(ValidationError):
        services.purchase_order_update(order=order, requirements="x", total_amount=Decimal("-1"),
                                       payment_terms="net_30", supplier_name="Steel Ltd")
    order.refresh_from_db()
    assert (order.requirements, order.total_amount) == ("12 t steel", Decimal("6000.00"))


@pytest.mark.django_db
def test_transitions_and_cancellation(group_user):
    approver = group_user("Purchasing")
    order = create()
    with pytest.raises(ValidationError, match="it is Pending approval"):
        services.purchase_order_mark_ordered(order=order)
    order = services.purchase_order_approve(order=order, approver=approver)
    assert (order.status, order.approved_by) == (S.APPROVED, approver.username)
    order = services.purchase_order_mark_ordered(order=order)
    with pytest.raises(ValidationError, match="it is Ordered"):
        services.purchase_order_cancel(order=order)
    with pytest.raises(ValidationError, match="it is Ordered"):
        services.purchase_order_update(order=order, requirements="x", total_amount=Decimal("1"),
                                       payment_terms="net_30", supplier_name="S")
    assert services.purchase_order_receive(order=order).status == S.RECEIVED
    assert services.purchase_order_cancel(order=create()).status == S.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize("user_kind", ["superuser", "module group"])
def test_purchase_order_through_the_admin(client, user_kind, superuser, group_user):
    user = superuser if user_kind == "superuser" else group_user("Purchasing")
    verified_login(client, user)
    add = reverse("admin:purchasing_purchaseorder_add")
    form = {"supplier_name": "Paint Co", "requirements": "200 l primer", "total_amount": "1500.00",
            "payment_terms": "net_30", "extra_materials": "not json", "requested_by": ""}
    response = client.post(add, form)
    assert response.status_code == 200 and "valid JSON" in response.content.decode()
    response = client.post(add, {**form, "total_amount": "-5", "payment_terms": "never"})
    assert response.status_code == 200
    assert client.post(add, {**form, "extra_materials": ""}).status_code == 302
    order = PurchaseOrder.objects.get()
    assert (order.po_number, order.original_requirements, order.requested_by) == (
        f"PO-{YEAR}-0001", "200 l primer", user.username)

    change = reverse("admin:purchasing_purchaseorder_change", args=[order.pk])
    response = client.post(change, {**form, "extra_materials": "", "requirements": "250 l primer"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.requirements, order.original_requirements) == ("250 l primer", "200 l primer")

    changelist = reverse("admin:purchasing_purchaseorder_changelist")
    response = post_action(client, changelist, "receive", [order])
    assert any("it is Pending approval" in m for m in shown_messages(response))
    response = post_action(client, changelist, "approve", [order])
    assert f"Purchase order {order.po_number} was raised by you: someone else must approve it." \
        in shown_messages(response)
    approver = group_user("Purchasing")
    client.force_login(approver)
    steps = [("approve", "approved"), ("mark_ordered", "marked as ordered"), ("receive", "marked as received")]
    for action, done in steps:
        response = post_action(client, changelist, action, [order])
        assert f"1 purchase order {done}." in shown_messages(response)
    order.refresh_from_db()
    assert (order.status, order.approved_by) == (S.RECEIVED, approver.username)
    response = post_action(client, changelist, "cancel", [order])
    assert any("it is Received" in m for m in shown_messages(response))


@pytest.mark.django_db
def test_a_received_order_is_read_only_in_the_admin(client, group_user):
    verified_login(client, group_user("Purchasing"))
    order = create(requirements="paint", total_amount=Decimal("10"))
    for step in (lambda o: services.purchase_order_approve(order=o, approver=group_user()),
                 lambda o: services.purchase_order_mark_ordered(order=o),
                 lambda o: services.purchase_order_receive(order=o)):
        order = step(order)
    change = reverse("admin:purchasing_purchaseorder_change", args=[order.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"supplier_name": "Other", "requirements": "gold", "total_amount": "1",
                                    "payment_terms": "net_60", "status": "pending", "po_number": "X"})
    assert response.status_code == 403  # closed: read-only for everyone (erp.core.lifecycle)
    order.refresh_from_db()
    assert (order.supplier_name, order.requirements, order.status, order.po_number) == (
        "Steel Ltd", "paint", S.RECEIVED, f"PO-{YEAR}-0001")
