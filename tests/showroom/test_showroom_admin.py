"""Selling from the showroom changelist, and the product status that clerks cannot type."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.sales import factories as sales_factories
from tests.showroom import factories as showroom_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


def test_sell_action_opens_the_order_form_for_the_product(client, superuser):
    verified_login(client, superuser)
    product = showroom_factories.product()
    response = client.post(reverse("admin:showroom_showroomproduct_changelist"),
                           {"action": "sell_product", "_selected_action": [product.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sales_salesorder_add") + f"?showroom_product={product.pk}"


def test_sell_action_refuses_a_reserved_product(client, superuser):
    verified_login(client, superuser)
    order = sales_factories.sales_order()
    response = client.post(reverse("admin:showroom_showroomproduct_changelist"),
                           {"action": "sell_product", "_selected_action": [order.showroom_product.pk]}, follow=True)
    assert response.status_code == 200
    product = order.showroom_product
    product.refresh_from_db()
    refusal = f"{product.name} cannot be sold: it is reserved."
    assert refusal in [str(m) for m in get_messages(response.wsgi_request)]


def test_showroom_clerk_cannot_sell_and_cannot_type_a_status(client, group_user):
    verified_login(client, group_user("Showroom"))
    product = showroom_factories.product()
    changelist = client.get(reverse("admin:showroom_showroomproduct_changelist"))
    assert "sell_product" not in changelist.content.decode()
    data = {"name": "Renamed", "category": "tiller", "quantity": "1", "showroom_status": "sold",
            "cost_price": "1", "sale_price": "2"}
    response = client.post(reverse("admin:showroom_showroomproduct_change", args=[product.pk]), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.showroom_status) == ("Renamed", "available")


def test_sales_clerk_finds_only_available_products_in_the_order_form_picker(client, group_user):
    verified_login(client, group_user("Sales"))
    available = showroom_factories.product(name="Zephyr Free")
    sales_factories.sales_order(showroom_product=showroom_factories.product(name="Zephyr Taken"))
    response = client.get(reverse("admin:autocomplete"), {
        "term": "Zephyr", "app_label": "sales", "model_name": "salesorder", "field_name": "showroom_product"})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(available.pk)]
    # The showroom module still does not appear on the sales clerk's index.
    index = client.get(reverse("admin:index"))
    assert {app["app_label"] for app in index.context["app_list"]} == {"sales"}
