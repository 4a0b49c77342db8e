"""Sales workflows through the admin, as a superuser and as a member of the Sales group."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.models import SalesOrder, SalesTarget, SalesTransaction
from sales.services import sales_order_cancel, sales_transaction_record_payment
from tests.sales import factories as sales_factories
from tests.showroom import factories as showroom_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["superuser", "sales clerk"])
def clerk(request, client, superuser, group_user):
    user = superuser if request.param == "superuser" else group_user("Sales")
    verified_login(client, user)
    return client


@pytest.fixture
def group_clerk(client, group_user):
    """Refusals are checked as the module clerk only; the main flows run as both users."""
    verified_login(client, group_user("Sales"))
    return client


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def order_form(product, **overrides):
    data = {
        "showroom_product": product.pk, "quantity": "1", "unit_price": "", "discount_amount": "500",
        "customer_name": "Asha Kulkarni", "customer_contact": "9800000001", "customer_email": "",
        "customer_address": "12 Station Road, Pune", "payment_method": "upi", "sales_person": "Kabir Khan",
        "payment_due_date": "", "coupon_code": "", "origin": "", "destination": "", "distance": "",
        "vehicle_type": "", "notes": "",
    }
    data.update(overrides)
    return data


def test_sell_a_product_from_the_add_form(clerk):
    product = showroom_factories.product(sale_price=Decimal("100000.00"))
    assert clerk.get(reverse("admin:sales_salesorder_add") + f"?showroom_product={product.pk}").status_code == 200
    response = clerk.post(reverse("admin:sales_salesorder_add"), order_form(product), follow=True)
    assert response.status_code == 200
    order = SalesOrder.objects.get()
    assert (order.total_amount, order.final_amount) == (Decimal("100000.00"), Decimal("99500.00"))
    assert order.order_number.startswith("SO-")
    assert f"Sales order {order.order_number} created for 99500.00" in " ".join(shown(response))
    product.refresh_from_db()
    assert product.showroom_status == "reserved"


@pytest.mark.parametrize(
    "overrides,error",
    [
        ({"quantity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"discount_amount": "200000"}, "larger than the order total"),
        ({"unit_price": "abc"}, "Enter a number."),
        ({"showroom_product": "999999"}, "Select a valid choice."),
        ({"showroom_product": "abc"}, "Select a valid choice."),
        ({"showroom_product": "99999999999999999999"}, "Select a valid choice."),
        ({"customer_name": ""}, "This field is required."),
        ({"unit_price": "99999999999"}, "digits"),
    ],
)
def test_bad_order_input_is_shown_on_the_form_and_nothing_is_stored(group_clerk, overrides, error):
    product = showroom_factories.product()
    response = group_clerk.post(reverse("admin:sales_salesorder_add"), order_form(product, **overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not SalesOrder.objects.exists()
    product.refresh_from_db()
    assert product.showroom_status == "available"


def test_malformed_prefill_is_ignored(group_clerk):
    response = group_clerk.get(reverse("admin:sales_salesorder_add") + "?showroom_product=abc&quantity=x")
    assert response.status_code == 200


def test_a_reserved_product_cannot_be_sold_twice(group_clerk):
    product = showroom_factories.product()
    sales_factories.sales_order(showroom_product=product)
    response = group_clerk.post(reverse("admin:sales_salesorder_add"), order_form(product))
    assert response.status_code == 200
    assert "it is reserved, not available" in response.content.decode()
    assert SalesOrder.objects.count() == 1


def test_confirm_and_cancel_actions_report_successes_and_refusals(clerk):
    pending = sales_factories.sales_order()
    cancelled = sales_factories.sales_order()
    sales_order_cancel(sales_order=cancelled)
    url = reverse("admin:sales_salesorder_changelist")
    response = clerk.post(url, {"action": "confirm_orders", "_selected_action": [pending.pk, cancelled.pk]},
                          follow=True)
    assert response.status_code == 200
    messages = shown(response)
    assert "1 sales order confirmed." in messages
    assert f"Order {cancelled.order_number} cannot be confirmed: it is cancelled." in messages  # named once
    pending.refresh_from_db()
    cancelled.refresh_from_db()
    assert (pending.order_status, cancelled.order_status) == ("confirmed", "cancelled")
    history = LogEntry.objects.filter(object_id=str(pending.pk), content_type__model="salesorder")
    assert [entry.change_message for entry in history] == ["Confirmed (action “confirm_orders”)."]
    assert not LogEntry.objects.filter(object_id=str(cancelled.pk), content_type__model="salesorder").exists()

    response = clerk.post(url, {"action": "cancel_orders", "_selected_action": [pending.pk]}, follow=True)
    assert "1 sales order cancelled." in shown(response)
    pending.showroom_product.refresh_from_db()
    assert pending.showroom_product.showroom_status == "available"


def test_orders_cannot_be_deleted_or_their_amounts_edited(group_clerk):
    order = sales_factories.sales_order()
    response = group_clerk.get(reverse("admin:sales_salesorder_change", args=[order.pk]))
    assert response.status_code == 200
    assert 'name="final_amount"' not in response.content.decode()
    assert 'name="order_status"' not in response.content.decode()
    assert group_clerk.get(reverse("admin:sales_salesorder_delete", args=[order.pk])).status_code == 403


def test_record_a_payment_then_a_refund(clerk):
    order = sales_factories.sales_order()  # final 100000.00
    url = reverse("admin:sales_salestransaction_add")
    assert clerk.get(url + f"?sales_order={order.pk}").status_code == 200
    data = {"sales_order": order.pk, "transaction_type": "payment", "amount": "100000", "payment_method": "cash",
            "reference_number": "R1", "utr_number": "", "notes": ""}
    response = clerk.post(url, data, follow=True)
    assert "Payment of 100000.00 recorded" in " ".join(shown(response))
    order.refresh_from_db()
    assert order.payment_status == "paid"

    response = clerk.post(url, {**data, "transaction_type": "refund", "amount": "100000.01"})
    assert response.status_code == 200
    assert "more than what was paid" in response.content.decode()
    response = clerk.post(url, {**data, "transaction_type": "refund", "amount": "2500"}, follow=True)
    assert "payment status: partially paid" in " ".join(shown(response))
    assert list(SalesTransaction.objects.order_by("id").values_list("amount", flat=True)) == [
        Decimal("100000.00"), Decimal("-2500.00")]


@pytest.mark.parametrize("amount", ["-5", "0", "1e3x", ""])
def test_bad_amounts_are_refused_on_the_form(group_clerk, amount):
    order = sales_factories.sales_order()
    data = {"sales_order": order.pk, "transaction_type": "payment", "amount": amount, "payment_method": "cash"}
    response = group_clerk.post(reverse("admin:sales_salestransaction_add"), data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not SalesTransaction.objects.exists()


def test_payment_on_a_cancelled_order_is_refused_on_the_form(group_clerk):
    order = sales_factories.sales_order()
    sales_order_cancel(sales_order=order)
    data = {"sales_order": order.pk, "transaction_type": "payment", "amount": "10", "payment_method": "cash"}
    response = group_clerk.post(reverse("admin:sales_salestransaction_add"), data)
    assert "is cancelled: no payment can be recorded" in response.content.decode()
    assert not SalesTransaction.objects.exists()


def test_transactions_are_read_only(group_clerk):
    order = sales_factories.sales_order()
    payment = sales_transaction_record_payment(sales_order=order, amount=Decimal("10"), payment_method="cash")
    url = reverse("admin:sales_salestransaction_change", args=[payment.pk])
    assert group_clerk.get(url).status_code == 200  # view only
    group_clerk.post(url, {"sales_order": order.pk, "transaction_type": "payment", "amount": "99999",
                     "payment_method": "cash"})
    payment.refresh_from_db()
    assert payment.amount == Decimal("10.00")
    assert group_clerk.get(reverse("admin:sales_salestransaction_delete", args=[payment.pk])).status_code == 403


def test_targets_show_achieved_in_one_query(clerk):
    first = sales_factories.sales_order(sales_person="Kabir Khan")  # 100000.00
    sales_factories.sales_order(sales_person="Kabir Khan", discount_amount=Decimal("20000"))  # 80000.00
    cancelled = sales_factories.sales_order(sales_person="Kabir Khan")
    sales_order_cancel(sales_order=cancelled)
    sales_factories.sales_order(sales_person="Sneha Nair")
    year, month = first.created_at.year, first.created_at.month
    SalesTarget.objects.create(sales_person="Kabir Khan", year=year, month=month, target_amount=Decimal("360000"))
    SalesTarget.objects.create(sales_person="Rohan Iyer", year=year, month=month, target_amount=Decimal("1000"))
    url = reverse("admin:sales_salestarget_changelist")

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = clerk.get(url)
        assert response.status_code == 200
        return response, len(queries)

    response, with_two_rows = page_queries()
    rows = {t.sales_person: t for t in response.context["cl"].result_list}
    assert rows["Kabir Khan"].achieved_amount == Decimal("180000.00")
    assert rows["Rohan Iyer"].achieved_amount == Decimal("0.00")
    assert "50 %" in response.content.decode()
    for n in range(1, 11):
        SalesTarget.objects.create(sales_person=f"Seller {n}", year=year, month=month, target_amount=Decimal("5"))
    _, with_twelve_rows = page_queries()
    assert with_twelve_rows == with_two_rows  # the achieved amounts cost no query per row


def test_duplicate_target_is_refused_on_the_form(group_clerk):
    SalesTarget.objects.create(sales_person="Kabir Khan", year=2026, month=3, target_amount=Decimal("10"))
    data = {"sales_person": "Kabir Khan", "year": "2026", "month": "3", "target_amount": "20",
            "assignment_type": "manual"}
    response = group_clerk.post(reverse("admin:sales_salestarget_add"), data)
    assert response.status_code == 200
    assert "This sales person already has a target for that month." in response.content.decode()
    response = group_clerk.post(reverse("admin:sales_salestarget_add"), {**data, "month": "13"})
    assert response.status_code == 200
    assert SalesTarget.objects.count() == 1


@pytest.mark.parametrize("selected", ["abc", "99999999999999999999", "-1x"])
def test_malformed_action_selection_changes_nothing(group_clerk, selected):
    order = sales_factories.sales_order()
    response = group_clerk.post(reverse("admin:sales_salesorder_changelist"),
                          {"action": "cancel_orders", "_selected_action": [order.pk, selected]}, follow=True)
    assert response.status_code == 200
    assert "The selected rows were not understood; nothing was changed." in shown(response)
    order.refresh_from_db()
    assert order.order_status == "pending"


def test_order_page_offers_the_next_steps_the_user_may_take(client, superuser, group_user):
    order = sales_factories.sales_order(confirmed=True)
    url = reverse("admin:sales_salesorder_change", args=[order.pk])
    payment = reverse("admin:sales_salestransaction_add") + f"?sales_order={order.pk}"
    # Dispatching is a step button dispatch contributes (erp/admin_toolkit/record_steps.py).
    dispatch = 'data-step="dispatch_by_transport"'
    verified_login(client, group_user("Sales"))
    page = client.get(url).content.decode()
    assert payment in page and dispatch not in page
    verified_login(client, superuser)
    page = client.get(url).content.decode()
    assert payment in page and dispatch in page
