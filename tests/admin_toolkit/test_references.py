"""References are picked by search (number, name, employee number), never typed as internal ids; the order
shows what was paid and what is due; the order form asks the sale price for its live total."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from hr.models import Attendance
from sales.services import sales_transaction_record_payment
from tests.hr import factories as hr_factories
from tests.sales import factories as sales_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db

NO_ADD_FORM = {"gate.GateEntrySession"}  # its rows follow from others (tests/gate/test_gate_rules.py)
MODULE_MODELS = sorted((model for model in admin.site._registry if model._meta.app_label in settings.MODULE_APPS
                        and model._meta.label not in NO_ADD_FORM), key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", MODULE_MODELS, ids=lambda model: model._meta.label)
def test_no_form_asks_for_an_internal_id(superuser_client, model):
    """Every module add form (and each row's own form) offers its references by search or from a list."""
    opts = model._meta
    page = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).content.decode()
    assert "vForeignKeyRawIdAdminField" not in page and "related-lookup" not in page


def test_the_payment_form_picks_the_order_by_its_number_and_shows_it_so(superuser_client):
    client = superuser_client
    order = sales_factories.sales_order(confirmed=True)
    add = reverse("admin:sales_salestransaction_add")
    page = client.get(f"{add}?sales_order={order.pk}").content.decode()
    assert 'class="admin-autocomplete' in page and f">{order.order_number} – {order.customer_name}</option>" in page
    # The search behind the picker finds the order by its number.
    found = client.get(reverse("admin:autocomplete"), {"app_label": "sales", "model_name": "salestransaction",
                                                       "field_name": "sales_order", "term": order.order_number})
    assert [row["text"] for row in json.loads(found.content)["results"]] == [str(order)]
    # An order number typed where the choice goes is refused with a message, not taken for an id.
    response = client.post(add, {"sales_order": order.order_number, "transaction_type": "payment", "amount": "10",
                                 "payment_method": "cash"})
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()

    sales_transaction_record_payment(sales_order=order, amount=Decimal("1000.00"), payment_method="cash")
    listing = client.get(reverse("admin:sales_salestransaction_changelist")).content.decode()
    assert order.order_number in listing


def test_the_order_page_shows_paid_so_far_and_balance_due(superuser_client):
    order = sales_factories.sales_order(confirmed=True)
    sales_transaction_record_payment(sales_order=order, amount=Decimal("1000.00"), payment_method="cash")
    page = superuser_client.get(reverse("admin:sales_salesorder_change", args=[order.pk])).content.decode()
    due = order.final_amount - Decimal("1000.00")
    assert '<div class="readonly">1000.00</div>' in page
    assert f'<div class="readonly">{due}</div>' in page


def test_attendance_employee_is_found_by_number_and_by_name(client, group_user):
    verified_login(client, group_user("HR"))
    employee = hr_factories.employee(first_name="Savitri", last_name="Bai")
    url = reverse("admin:autocomplete")
    for term in (employee.employee_id, "Savitri", "bai"):
        found = client.get(url, {"app_label": "hr", "model_name": "attendance", "field_name": "employee",
                                 "term": term})
        assert [row["id"] for row in json.loads(found.content)["results"]] == [str(employee.pk)], term
    assert Attendance._meta.get_field("employee")  # the field the picker serves


def test_the_sale_price_for_the_live_total(client, superuser, group_user):
    order = sales_factories.sales_order()
    url = reverse("admin:sales_salesorder_price")
    verified_login(client, superuser)
    assert json.loads(client.get(url, {"product": order.showroom_product.pk}).content) == {
        "sale_price": str(order.showroom_product.sale_price)}
    for junk in ("abc", "999999", ""):
        assert json.loads(client.get(url, {"product": junk}).content) == {"sale_price": None}
    verified_login(client, group_user("Fleet"))  # may not sell: no prices
    assert client.get(url, {"product": order.showroom_product.pk}).status_code == 403
    page = client.get(reverse("admin:sales_salesorder_add"))
    assert page.status_code == 403
