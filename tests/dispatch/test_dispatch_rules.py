"""Dispatch rules: a gate pass is fixed once issued and closed once released; completed and cancelled
dispatches are closed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dispatch.services import dispatch_request_cancel, gate_pass_issue, gate_pass_release, gate_pass_verify
from tests.admin_toolkit.support import (
    assert_closed_everywhere,
    assert_database_keeps_closed_state,
    form_fields,
    stored_values,
)
from tests.dispatch import factories as dispatch_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


def released_pass():
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    return gate_pass_release(gate_pass=gate_pass_verify(gate_pass=gate_pass_issue(dispatch_request=dispatch)))


CLOSED = {
    "released gate pass": released_pass,
    "completed dispatch": lambda: released_pass().dispatch_request,
    "cancelled dispatch": lambda: dispatch_request_cancel(
        dispatch_request=dispatch_factories.dispatch_request(delivery_type="transport")),
}


@pytest.mark.parametrize("kind", CLOSED)
def test_closed_dispatch_records_are_read_only_and_undeletable(client, group_user, kind):
    verified_login(client, group_user("Dispatch"))
    assert_closed_everywhere(client, CLOSED[kind]())


def test_an_issued_gate_pass_is_not_edited(client, group_user):
    verified_login(client, group_user("Dispatch"))
    gate_pass = gate_pass_issue(dispatch_request=dispatch_factories.dispatch_request(delivery_type="self"),
                                vehicle_no="MH12AB0001")
    before = stored_values(gate_pass)
    change = reverse("admin:dispatch_gatepass_change", args=[gate_pass.pk])
    fields = form_fields(client.get(change).content.decode())
    assert "vehicle_no" not in fields
    client.post(change, {**fields, "vehicle_no": "XX00", "driver_name": "Someone"})
    assert stored_values(gate_pass) == before


def test_rule_no_more_dispatched_than_sold(client, group_user):
    from django.core.exceptions import ValidationError

    from dispatch.models import DispatchRequest
    from dispatch.services import dispatch_request_create
    from tests.admin_toolkit.support import assert_rule_through_the_admin
    from tests.sales import factories as sales_factories

    order = sales_factories.sales_order(confirmed=True)
    verified_login(client, group_user("Dispatch"))
    form = {"order_number": order.order_number, "delivery_type": "transport", "dispatch_notes": ""}
    assert_rule_through_the_admin(client, "/admin/dispatch/dispatchrequest/add/", form, model=DispatchRequest,
                                  breaking={"quantity": "5"}, corrected={"quantity": "1"},
                                  message=f"Order {order.order_number} has 1 of 1 left to dispatch")
    with pytest.raises(ValidationError, match="has 0 of 1 left to dispatch"):
        dispatch_request_create(sales_order=order, delivery_type="self", quantity=1)


DATABASE_KEEPS = {
    "released pass without its issue time": (
        released_pass, {"issued_at": None}, "A verified or released gate pass needs the time it was issued."),
    "verified pass without its verification time": (
        lambda: gate_pass_verify(gate_pass=gate_pass_issue(
            dispatch_request=dispatch_factories.dispatch_request(delivery_type="self"))),
        {"verified_at": None}, "A verified gate pass needs the time it was verified."),
}


@pytest.mark.parametrize("kind", DATABASE_KEEPS)
def test_rule_the_database_keeps_gate_pass_times(kind):
    make, breaking, message = DATABASE_KEEPS[kind]
    gate_pass = make()
    assert_database_keeps_closed_state(gate_pass, breaking=breaking, message=message,
                                       corrected={name: timezone.now() for name in breaking})


def test_the_dispatch_picker_names_dispatches_by_order_party_and_day(superuser_client, django_assert_max_num_queries):
    dispatches = [dispatch_factories.dispatch_request(delivery_type="self") for _ in range(6)]
    url = "/admin/autocomplete/"
    params = {"app_label": "dispatch", "model_name": "gatepass", "field_name": "dispatch_request", "term": ""}
    superuser_client.get(url, params)  # the session and permissions read once
    with django_assert_max_num_queries(6):  # whatever the number of dispatches: no query per row
        response = superuser_client.get(url, params)
    shown = {item["text"] for item in response.json()["results"]}
    for dispatch in dispatches:
        assert (f"Dispatch of {dispatch.sales_order.order_number} to {dispatch.party_name}, "
                f"{timezone.localtime(dispatch.created_at).day} ") in " ".join(shown) or str(dispatch) in shown
        assert str(dispatch) in shown and "#" not in str(dispatch)
