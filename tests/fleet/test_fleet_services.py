"""Fleet rules through the services: transport jobs, vehicle and driver assignment, delivery."""

import pytest
from django.core.exceptions import ValidationError

from dispatch.services import dispatch_request_cancel, gate_pass_issue
from dispatch.signals import dispatch_request_cancelled
from fleet.models import TransportJob, Vehicle
from fleet.services import (
    transport_job_assign,
    transport_job_cancel,
    transport_job_create,
    transport_job_deliver,
    transport_job_start,
    vehicle_mark_out_of_service,
    vehicle_return_to_service,
    vehicle_send_to_maintenance,
)
from sales.models import SalesOrder
from showroom.models import ShowroomProduct
from tests.dispatch import factories as dispatch_factories
from tests.fleet import factories as fleet_factories

pytestmark = pytest.mark.django_db


def refreshed(*objs):
    for obj in objs:
        obj.refresh_from_db()
    return objs


def test_full_transport_flow_delivers_the_order():
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    order = dispatch.sales_order
    driver = fleet_factories.driver()
    vehicle = fleet_factories.vehicle(driver_employee=driver)
    job = transport_job_create(dispatch_request=dispatch, transporter_name="Own fleet")
    assert job.status == "pending"
    job = transport_job_assign(transport_job=job, vehicle=vehicle)  # the vehicle's own driver
    assert (job.status, job.driver, job.vehicle_no) == ("assigned", driver, vehicle.vehicle_number)
    refreshed(vehicle, dispatch)
    assert (vehicle.status, dispatch.status) == ("assigned", "assigned_transport")
    gate_pass = gate_pass_issue(dispatch_request=dispatch)
    assert (gate_pass.vehicle_no, gate_pass.driver_name) == (vehicle.vehicle_number, driver.full_name)
    job = transport_job_start(transport_job=job)
    refreshed(dispatch)
    assert (job.status, dispatch.status) == ("in_transit", "in_transit")
    with pytest.raises(ValidationError, match="cannot be cancelled: it is in transit"):
        transport_job_cancel(transport_job=job)
    job = transport_job_deliver(transport_job=job)
    refreshed(vehicle, dispatch, order)
    order.showroom_product.refresh_from_db()
    assert (job.status, vehicle.status, dispatch.status, order.order_status) == (
        "delivered", "available", "completed", "delivered")
    assert order.showroom_product.showroom_status == "sold"
    with pytest.raises(ValidationError, match="cannot be marked delivered: it is delivered"):
        transport_job_deliver(transport_job=job)


def test_jobs_only_for_pending_transport_dispatches():
    with pytest.raises(ValidationError, match="is a self pickup: it needs no transport job"):
        transport_job_create(dispatch_request=dispatch_factories.dispatch_request(delivery_type="self"))
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    transport_job_create(dispatch_request=dispatch)
    with pytest.raises(ValidationError, match="already has an open transport job"):
        transport_job_create(dispatch_request=dispatch)
    assert TransportJob.objects.count() == 1


@pytest.mark.parametrize("status", ["maintenance", "out_of_service"])
def test_a_vehicle_out_of_use_cannot_be_assigned(status):
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle(status=status)
    with pytest.raises(ValidationError, match="cannot be assigned"):
        transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    refreshed(job, vehicle)
    assert (job.status, job.vehicle, vehicle.status) == ("pending", None, status)


def test_a_vehicle_or_driver_on_an_open_job_cannot_be_assigned_again():
    vehicle, driver = fleet_factories.vehicle(), fleet_factories.driver()
    transport_job_assign(transport_job=fleet_factories.transport_job(), vehicle=vehicle, driver=driver)
    second = fleet_factories.transport_job()
    with pytest.raises(ValidationError, match="already on an open transport job"):
        transport_job_assign(transport_job=second, vehicle=vehicle, driver=fleet_factories.driver())
    with pytest.raises(ValidationError, match="already driving an open transport job"):
        transport_job_assign(transport_job=second, vehicle=fleet_factories.vehicle(), driver=driver)
    refreshed(second)
    assert second.status == "pending"


def test_a_driver_is_required_and_must_be_active():
    job = fleet_factories.transport_job()
    with pytest.raises(ValidationError, match="has no regular driver"):
        transport_job_assign(transport_job=job, vehicle=fleet_factories.vehicle())
    with pytest.raises(ValidationError, match="is terminated, not active"):
        transport_job_assign(transport_job=job, vehicle=fleet_factories.vehicle(),
                             driver=fleet_factories.driver(status="terminated"))


def test_cancelling_an_assigned_job_frees_the_vehicle_and_the_dispatch_waits_again():
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    job = transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    job = transport_job_cancel(transport_job=job)
    dispatch, = refreshed(job.dispatch_request)
    refreshed(vehicle)
    assert (job.status, vehicle.status, dispatch.status) == ("cancelled", "available", "pending")
    with pytest.raises(ValidationError, match="cannot be assigned: it is cancelled"):
        transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    # The dispatch can get a new job.
    assert transport_job_create(dispatch_request=dispatch).status == "pending"


def test_cancelling_a_dispatch_cancels_its_job_and_frees_the_vehicle():
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    dispatch_request_cancel(dispatch_request=job.dispatch_request)
    refreshed(job, vehicle)
    assert (job.status, vehicle.status) == ("cancelled", "available")


def test_a_legacy_value_the_step_does_not_change_never_stops_it():
    """Freeing a vehicle changes its status only: a legacy vehicle type outside the choices does not refuse it
    (a refusal of fleet's receiver rolls the whole cancellation back: the next test)."""
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    Vehicle.objects.filter(pk=vehicle.pk).update(vehicle_type="bullock cart")
    dispatch, = refreshed(job.dispatch_request)
    dispatch_request_cancel(dispatch_request=dispatch)
    refreshed(job, vehicle, dispatch)
    assert (dispatch.status, job.status, vehicle.status, vehicle.vehicle_type) == (
        "cancelled", "cancelled", "available", "bullock cart")


def test_a_refusing_receiver_of_the_cancellation_signal_rolls_back_fleets_work_too():
    job = fleet_factories.transport_job()
    vehicle = fleet_factories.vehicle()
    transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())

    def refuse(sender, *, dispatch_request, **kwargs):
        raise ValidationError("The yard is closed.")

    # Connected after fleet's receiver: the job is cancelled and the vehicle freed before the refusal.
    dispatch_request_cancelled.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(ValidationError, match="The yard is closed."):
            dispatch_request_cancel(dispatch_request=job.dispatch_request)
    finally:
        dispatch_request_cancelled.disconnect(dispatch_uid="test.refuse")
    dispatch, = refreshed(job.dispatch_request)
    refreshed(job, vehicle)
    assert (dispatch.status, job.status, vehicle.status) == ("assigned_transport", "assigned", "assigned")


@pytest.mark.parametrize(
    "service,action", [(transport_job_start, "put in transit"), (transport_job_deliver, "marked delivered")]
)
def test_a_pending_job_cannot_skip_assignment(service, action):
    job = fleet_factories.transport_job()
    with pytest.raises(ValidationError, match=f"cannot be {action}: it is pending"):
        service(transport_job=job)


def test_vehicle_maintenance_transitions():
    vehicle = fleet_factories.vehicle()
    assert vehicle_send_to_maintenance(vehicle=vehicle).status == "maintenance"
    assert vehicle_mark_out_of_service(vehicle=vehicle).status == "out_of_service"
    assert vehicle_return_to_service(vehicle=vehicle).status == "available"
    with pytest.raises(ValidationError, match="cannot be returned to service: it is available"):
        vehicle_return_to_service(vehicle=vehicle)
    transport_job_assign(transport_job=fleet_factories.transport_job(), vehicle=vehicle,
                         driver=fleet_factories.driver())
    with pytest.raises(ValidationError, match="cannot be sent to maintenance: it is assigned"):
        vehicle_send_to_maintenance(vehicle=vehicle)
    with pytest.raises(ValidationError, match="is on a transport job"):
        vehicle_return_to_service(vehicle=vehicle)


def test_a_vehicle_left_assigned_without_a_job_is_returned_to_service_before_use():
    vehicle = fleet_factories.vehicle(status="assigned")  # as legacy data has it
    job = fleet_factories.transport_job()
    with pytest.raises(ValidationError, match="marked assigned without an open transport job"):
        transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    assert vehicle_return_to_service(vehicle=vehicle).status == "available"
    job = transport_job_assign(transport_job=job, vehicle=vehicle, driver=fleet_factories.driver())
    assert job.status == "assigned"


@pytest.mark.parametrize("order_status,product_status", [("confirmed", "reserved"), ("delivered", "sold")])
def test_delivering_a_legacy_job_whose_order_did_not_follow(order_status, product_status):
    """Legacy data: a dispatch on the road while its order is still `confirmed`, or already `delivered`."""
    job = fleet_factories.transport_job()
    job = transport_job_assign(transport_job=job, vehicle=fleet_factories.vehicle(), driver=fleet_factories.driver())
    job = transport_job_start(transport_job=job)
    order = job.dispatch_request.sales_order
    SalesOrder.objects.filter(pk=order.pk).update(order_status=order_status)
    ShowroomProduct.objects.filter(pk=order.showroom_product_id).update(showroom_status=product_status)
    transport_job_deliver(transport_job=job)
    refreshed(order, order.showroom_product)
    assert (order.order_status, order.showroom_product.showroom_status) == ("delivered", "sold")
