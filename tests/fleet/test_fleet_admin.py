"""Transport desk workflows through the admin, as a superuser and as a Fleet clerk."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from erp.core import wording
from fleet.models import TransportJob, Vehicle
from fleet.services import transport_job_assign
from tests.dispatch import factories as dispatch_factories
from tests.fleet import factories as fleet_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["superuser", "fleet clerk"])
def clerk(request, client, superuser, group_user):
    user = superuser if request.param == "superuser" else group_user("Fleet")
    verified_login(client, user)
    return client


@pytest.fixture
def group_clerk(client, group_user):
    """Refusals are checked as the module clerk only; the main flows run as both users."""
    verified_login(client, group_user("Fleet"))
    return client


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_create_assign_start_deliver(clerk):
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    # The transport desk can look the dispatch up in the raw-id popup.
    popup = clerk.get(reverse("admin:dispatch_dispatchrequest_changelist") + "?_popup=1&_to_field=id")
    assert popup.status_code == 200
    response = clerk.post(reverse("admin:fleet_transportjob_add"),
                          {"dispatch_request": dispatch.pk, "transporter_name": "Own fleet"})
    job = TransportJob.objects.get()
    assert response["Location"] == reverse("admin:fleet_transportjob_assign", args=[job.pk])

    driver = fleet_factories.driver()
    vehicle = fleet_factories.vehicle()
    assign_url = reverse("admin:fleet_transportjob_assign", args=[job.pk])
    assert clerk.get(assign_url).status_code == 200
    response = clerk.post(assign_url, {"vehicle": vehicle.pk, "driver": driver.pk},
                          follow=True)
    name = f"Transport to {job.dispatch_request.party_name}, {wording.day_of(job.created_at)}"
    assigned = f"{name} assigned to {vehicle.vehicle_number}, driver {driver.full_name}."
    assert assigned in shown(response)

    url = reverse("admin:fleet_transportjob_changelist")
    response = clerk.post(url, {"action": "deliver_jobs", "_selected_action": [job.pk]}, follow=True)
    refusal = f"{name} cannot be marked delivered: it is assigned."  # the row named once
    assert refusal in shown(response)
    response = clerk.post(url, {"action": "start_jobs", "_selected_action": [job.pk]}, follow=True)
    assert "1 transport job put in transit." in shown(response)
    response = clerk.post(url, {"action": "deliver_jobs", "_selected_action": [job.pk]}, follow=True)
    assert "1 transport job delivered." in shown(response)
    job.refresh_from_db()
    vehicle.refresh_from_db()
    dispatch.refresh_from_db()
    dispatch.sales_order.refresh_from_db()
    assert (job.status, vehicle.status, dispatch.status, dispatch.sales_order.order_status) == (
        "delivered", "available", "completed", "delivered")


def test_assigning_a_vehicle_in_maintenance_is_refused_on_the_form(group_clerk):
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle(status="maintenance", driver_employee=fleet_factories.driver())
    response = group_clerk.post(reverse("admin:fleet_transportjob_assign", args=[job.pk]), {"vehicle": vehicle.pk})
    assert response.status_code == 200
    assert f"Vehicle {vehicle.vehicle_number} is in maintenance: it cannot be assigned." in response.content.decode()
    job.refresh_from_db()
    assert job.status == "pending"


@pytest.mark.parametrize(
    "data,error",
    [
        ({"driver": "999999"}, "Select a valid choice."),  # not one of the drivers offered
        ({"driver": "E00001"}, "Select a valid choice."),  # drivers are picked, never typed
        ({"vehicle": "999999"}, "Select a valid choice."),
        ({"vehicle": ""}, "This field is required."),
        ({"vehicle": "abc"}, "Select a valid choice."),
    ],
)
def test_bad_assignment_input_is_shown_on_the_form(group_clerk, data, error):
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    response = group_clerk.post(reverse("admin:fleet_transportjob_assign", args=[job.pk]),
                                {"vehicle": vehicle.pk, **data})
    assert response.status_code == 200
    assert error in response.content.decode()
    job.refresh_from_db()
    assert job.status == "pending"


def test_assign_page_of_an_unknown_job_is_not_a_server_error(group_clerk):
    for job_id in ("999999", "abc", "99999999999999999999"):
        response = group_clerk.get(reverse("admin:fleet_transportjob_assign", args=[job_id]), follow=True)
        assert response.status_code == 200
        assert f"There is no transport job {job_id}." in shown(response)


def test_job_for_a_self_pickup_is_refused_on_the_form(group_clerk):
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")
    response = group_clerk.post(reverse("admin:fleet_transportjob_add"), {"dispatch_request": dispatch.pk})
    assert "is a self pickup: it needs no transport job" in response.content.decode()
    assert not TransportJob.objects.exists()


def test_cancel_action_and_the_vehicle_actions(clerk):
    vehicle = fleet_factories.vehicle()
    job = transport_job_assign(transport_job=fleet_factories.transport_job(), vehicle=vehicle,
                               driver=fleet_factories.driver())
    vehicles = reverse("admin:fleet_vehicle_changelist")
    response = clerk.post(vehicles, {"action": "send_to_maintenance", "_selected_action": [vehicle.pk]}, follow=True)
    refusal = f"{vehicle}: Vehicle {vehicle.vehicle_number} cannot be sent to maintenance: it is assigned."
    assert refusal in shown(response)
    response = clerk.post(reverse("admin:fleet_transportjob_changelist"),
                          {"action": "cancel_jobs", "_selected_action": [job.pk]}, follow=True)
    assert "1 transport job cancelled." in shown(response)
    response = clerk.post(vehicles, {"action": "send_to_maintenance", "_selected_action": [vehicle.pk]}, follow=True)
    assert "1 vehicle sent to maintenance." in shown(response)
    vehicle.refresh_from_db()
    assert vehicle.status == "maintenance"


def test_request_transport_action_from_the_dispatch_changelist(client, superuser):
    verified_login(client, superuser)
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    response = client.post(reverse("admin:dispatch_dispatchrequest_changelist"),
                           {"action": "request_transport", "_selected_action": [dispatch.pk]}, follow=True)
    assert "1 dispatch request given a transport job." in shown(response)
    assert TransportJob.objects.get().dispatch_request == dispatch


def test_vehicle_form_with_a_malformed_driver_is_refused(group_clerk):
    data = {"vehicle_number": "MH12QQ0001", "vehicle_type": "truck", "driver_name": "Ramesh",
            "driver_employee": "abc"}
    response = group_clerk.post(reverse("admin:fleet_vehicle_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    response = group_clerk.post(reverse("admin:fleet_vehicle_add"),
                                {**data, "driver_employee": "", "status": "assigned"})
    assert response.status_code == 302
    assert Vehicle.objects.get(vehicle_number="MH12QQ0001").status == "available"


def test_pending_job_page_offers_assignment(group_clerk):
    job = fleet_factories.transport_job()
    page = group_clerk.get(reverse("admin:fleet_transportjob_change", args=[job.pk])).content.decode()
    step = reverse("admin:fleet_transportjob_step", args=[job.pk, "assign_vehicle"])
    assert f'action="{step}"' in page
    response = group_clerk.post(step, {"action": "assign_vehicle"})
    assert response["Location"] == reverse("admin:fleet_transportjob_assign", args=[job.pk])
