"""The one transition helper every service uses (erp/core/transitions.py), on a real table."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from erp.core.transitions import Transitions, locked
from purchasing.models import PurchaseOrder
from tests.purchasing import factories as purchasing_factories

pytestmark = pytest.mark.django_db

S = PurchaseOrder.Status
TABLE = Transitions({S.PENDING: {S.APPROVED}, S.APPROVED: {S.ORDERED}})
NAMED = Transitions({S.PENDING: {S.APPROVED}}, subject=lambda order: f"Order {order.po_number}")


def stored(order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.get(pk=order.pk)


def test_an_allowed_step_sets_the_state_and_the_changes_and_saves():
    order = purchasing_factories.purchase_order()
    with transaction.atomic():
        moved = TABLE.move(locked(order), to=S.APPROVED, verb="approve", approved_by="asha")
    assert (stored(order).status, stored(order).approved_by) == (S.APPROVED, "asha")
    assert moved.pk == order.pk


def test_a_refused_step_names_the_state_and_changes_nothing():
    order = purchasing_factories.purchase_order()
    with pytest.raises(ValidationError, match="Cannot mark as ordered purchase order “.*”: it is Pending approval."):
        TABLE.move(order, to=S.ORDERED, verb="mark as ordered", approved_by="asha")
    assert (stored(order).status, stored(order).approved_by) == (S.PENDING, None)


def test_a_module_names_its_records_its_own_way():
    order = purchasing_factories.purchase_order(status=S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        NAMED.move(order, to=S.APPROVED, verb="approved")
    assert refused.value.messages == [f"Order {order.po_number} cannot be approved: it is approved."]


def test_an_invalid_change_is_refused_before_it_is_saved_naming_record_field_and_value():
    order = purchasing_factories.purchase_order()
    with pytest.raises(ValidationError) as refused:
        NAMED.move(order, to=S.APPROVED, verb="approve", payment_terms="whenever")
    assert refused.value.messages == [
        f"Order {order.po_number} cannot be saved: payment terms (payment_terms) 'whenever': "
        "Value 'whenever' is not a valid choice."]
    assert stored(order).status == S.PENDING


def test_a_step_never_fails_on_a_legacy_value_it_does_not_change():
    order = purchasing_factories.purchase_order()
    # Legacy data: a value today's rules refuse, in a field the step does not touch.
    PurchaseOrder.objects.filter(pk=order.pk).update(payment_terms="whenever")
    with transaction.atomic():
        moved = TABLE.move(locked(order), to=S.APPROVED, verb="approve", approved_by="asha")
    assert (stored(order).status, stored(order).payment_terms, moved.approved_by) == (S.APPROVED, "whenever", "asha")


def test_checked_skips_only_the_table_check():
    order = purchasing_factories.purchase_order(status=S.APPROVED)
    TABLE.check(order, to=S.ORDERED, verb="mark as ordered")
    assert TABLE.move(order, to=S.ORDERED, verb="mark as ordered", checked=True).status == S.ORDERED
    assert not TABLE.allows(S.ORDERED, S.PENDING)


def test_locked_reads_the_row_again():
    order = purchasing_factories.purchase_order()
    PurchaseOrder.objects.filter(pk=order.pk).update(status=S.APPROVED)
    with transaction.atomic():
        assert locked(order).status == S.APPROVED
