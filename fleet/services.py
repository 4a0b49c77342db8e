"""Fleet workflows: transport jobs for dispatches, and the vehicles they use.

A job moves pending -> assigned -> in_transit -> delivered, or to cancelled from pending/assigned.
A vehicle is `assigned` while it is on an open job (assigned or in transit) and available again
when that job is delivered or cancelled; a vehicle in maintenance or out of service is never assigned.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from dispatch.models import DispatchRequest
from dispatch.services import (
    dispatch_request_assign_transport,
    dispatch_request_complete,
    dispatch_request_start_transit,
    dispatch_request_unassign_transport,
)
from erp.core import wording
from erp.core.transitions import Transitions, locked
from hr.models import Employee

from .models import TransportJob, Vehicle

JobStatus = TransportJob.Status
VehicleStatus = Vehicle.Status

# Allowed transport job transitions: current status -> statuses it may move to.
JOB_TRANSITIONS = Transitions(
    {
        JobStatus.PENDING: {JobStatus.ASSIGNED, JobStatus.CANCELLED},
        JobStatus.ASSIGNED: {JobStatus.IN_TRANSIT, JobStatus.CANCELLED},
        JobStatus.IN_TRANSIT: {JobStatus.DELIVERED},
        JobStatus.DELIVERED: set(),
        JobStatus.CANCELLED: set(),
    },
    subject=str,
)
VEHICLE_TRANSITIONS = Transitions(
    {
        VehicleStatus.AVAILABLE: {VehicleStatus.ASSIGNED, VehicleStatus.MAINTENANCE, VehicleStatus.OUT_OF_SERVICE},
        VehicleStatus.ASSIGNED: {VehicleStatus.AVAILABLE},
        VehicleStatus.MAINTENANCE: {VehicleStatus.AVAILABLE, VehicleStatus.OUT_OF_SERVICE},
        VehicleStatus.OUT_OF_SERVICE: {VehicleStatus.AVAILABLE, VehicleStatus.MAINTENANCE},
    },
    subject=lambda vehicle: f"Vehicle {vehicle.vehicle_number}",
)
OPEN_JOB_STATUSES = [JobStatus.ASSIGNED, JobStatus.IN_TRANSIT]


def _vehicle_has_open_job(vehicle: Vehicle, *, excluding: TransportJob | None = None) -> bool:
    jobs = TransportJob.objects.filter(vehicle=vehicle, status__in=OPEN_JOB_STATUSES)
    if excluding is not None:
        jobs = jobs.exclude(pk=excluding.pk)
    return jobs.exists()


def _free_vehicle(job: TransportJob) -> None:
    """The job no longer holds its vehicle: make it available unless another open job holds it."""
    if job.vehicle_id is None:
        return
    vehicle = Vehicle.objects.select_for_update().get(pk=job.vehicle_id)
    if vehicle.status == VehicleStatus.ASSIGNED and not _vehicle_has_open_job(vehicle, excluding=job):
        VEHICLE_TRANSITIONS.move(vehicle, to=VehicleStatus.AVAILABLE, verb="made available")


def transport_job_create(
    *, dispatch_request: DispatchRequest, transporter_name: str | None = None
) -> TransportJob:
    """A transport job for a transport dispatch that is waiting for one."""
    with transaction.atomic():
        dispatch_request = locked(dispatch_request)
        if dispatch_request.delivery_type != DispatchRequest.DeliveryType.TRANSPORT:
            raise ValidationError(
                f"{dispatch_request} is a self pickup: it needs no transport job."
            )
        if dispatch_request.status != DispatchRequest.Status.PENDING:
            raise ValidationError(
                f"No transport job can be created for {wording.lower_first(str(dispatch_request))}: it is "
                f"{dispatch_request.get_status_display().lower()}, not pending."
            )
        if dispatch_request.transport_jobs.exclude(status__in=[JobStatus.DELIVERED, JobStatus.CANCELLED]).exists():
            raise ValidationError(f"{dispatch_request} already has an open transport job.")
        job = TransportJob(
            dispatch_request=dispatch_request, transporter_name=transporter_name or None, status=JobStatus.PENDING
        )
        job.full_clean()
        job.save()
        return job


def transport_job_assign(
    *, transport_job: TransportJob, vehicle: Vehicle, driver: Employee | None = None
) -> TransportJob:
    """Give a pending job a vehicle and a driver (the vehicle's own driver when none is given)."""
    with transaction.atomic():
        job = locked(transport_job)
        # Locking the vehicle serialises two clerks assigning the same vehicle to different jobs.
        vehicle = locked(vehicle)
        if job.status != JobStatus.PENDING:
            raise ValidationError(
                f"{job} cannot be assigned: it is {job.get_status_display().lower()}."
            )
        if vehicle.status in (VehicleStatus.MAINTENANCE, VehicleStatus.OUT_OF_SERVICE):
            raise ValidationError(
                {"vehicle": f"Vehicle {vehicle.vehicle_number} is {vehicle.get_status_display().lower()}: "
                            "it cannot be assigned."}
            )
        if _vehicle_has_open_job(vehicle):
            raise ValidationError({"vehicle": f"Vehicle {vehicle.vehicle_number} is already on an open transport job."})
        if vehicle.status == VehicleStatus.ASSIGNED:
            # Legacy data holds vehicles marked assigned whose job was closed long ago.
            raise ValidationError(
                {"vehicle": f"Vehicle {vehicle.vehicle_number} is marked assigned without an open transport job: "
                            "return it to service first."}
            )
        driver = driver or vehicle.driver_employee
        if driver is None:
            raise ValidationError(
                {"driver": f"Choose a driver: vehicle {vehicle.vehicle_number} has no regular driver."}
            )
        if driver.status != Employee.Status.ACTIVE:
            raise ValidationError(
                {"driver": f"{driver.full_name} is {driver.get_status_display().lower()}, not active."}
            )
        if TransportJob.objects.filter(driver=driver, status__in=OPEN_JOB_STATUSES).exists():
            raise ValidationError({"driver": f"{driver.full_name} is already driving an open transport job."})
        job.vehicle = vehicle
        job.vehicle_no = vehicle.vehicle_number
        job.driver = driver
        job = JOB_TRANSITIONS.move(job, to=JobStatus.ASSIGNED, verb="assigned")
        VEHICLE_TRANSITIONS.move(vehicle, to=VehicleStatus.ASSIGNED, verb="assigned")
        if job.dispatch_request_id is not None:
            dispatch_request_assign_transport(dispatch_request=job.dispatch_request)
        return job


def transport_job_start(*, transport_job: TransportJob) -> TransportJob:
    """The vehicle left with the goods."""
    with transaction.atomic():
        job = JOB_TRANSITIONS.move(locked(transport_job), to=JobStatus.IN_TRANSIT, verb="put in transit")
        if job.dispatch_request_id is not None:
            dispatch_request_start_transit(dispatch_request=job.dispatch_request)
        return job


def transport_job_deliver(*, transport_job: TransportJob) -> TransportJob:
    """The goods reached the customer: the dispatch is completed and the vehicle is free again."""
    with transaction.atomic():
        job = JOB_TRANSITIONS.move(locked(transport_job), to=JobStatus.DELIVERED, verb="marked delivered")
        _free_vehicle(job)
        if job.dispatch_request_id is not None:
            dispatch_request_complete(dispatch_request=job.dispatch_request)
        return job


def transport_job_cancel(*, transport_job: TransportJob) -> TransportJob:
    """Cancel a job that has not left; its dispatch waits for another job."""
    with transaction.atomic():
        job = locked(transport_job)
        was_assigned = job.status == JobStatus.ASSIGNED
        job = JOB_TRANSITIONS.move(job, to=JobStatus.CANCELLED, verb="cancelled")
        _free_vehicle(job)
        dispatch_request = job.dispatch_request
        if (
            was_assigned
            and dispatch_request is not None
            and dispatch_request.status == DispatchRequest.Status.ASSIGNED_TRANSPORT
        ):
            dispatch_request_unassign_transport(dispatch_request=dispatch_request)
        return job


def transport_job_cancel_for_dispatch(*, dispatch_request: DispatchRequest) -> None:
    """A dispatch was cancelled: its open jobs go with it (fleet.receivers, on dispatch's signal)."""
    with transaction.atomic():
        for job in TransportJob.objects.select_for_update().filter(
            dispatch_request=dispatch_request, status__in=[JobStatus.PENDING, JobStatus.ASSIGNED]
        ):
            job = JOB_TRANSITIONS.move(job, to=JobStatus.CANCELLED, verb="cancelled")
            _free_vehicle(job)


def transport_job_gate_pass_details(*, dispatch_request: DispatchRequest) -> dict | None:
    """The vehicle and driver of a dispatch's assigned job, for its gate pass (fleet.receivers, on dispatch's
    signal)."""
    job = (
        TransportJob.objects.filter(dispatch_request=dispatch_request, status=JobStatus.ASSIGNED)
        .select_related("vehicle", "driver").first()
    )
    if job is None:
        return None
    return {
        "vehicle_no": job.vehicle_no or (job.vehicle.vehicle_number if job.vehicle else None),
        "driver_name": job.driver.full_name if job.driver else None,
        "driver_contact": job.driver.phone if job.driver else None,
    }


def vehicle_send_to_maintenance(*, vehicle: Vehicle) -> Vehicle:
    with transaction.atomic():
        return VEHICLE_TRANSITIONS.move(locked(vehicle), to=VehicleStatus.MAINTENANCE, verb="sent to maintenance")


def vehicle_mark_out_of_service(*, vehicle: Vehicle) -> Vehicle:
    with transaction.atomic():
        return VEHICLE_TRANSITIONS.move(locked(vehicle), to=VehicleStatus.OUT_OF_SERVICE, verb="taken out of service")


def vehicle_return_to_service(*, vehicle: Vehicle) -> Vehicle:
    """Back from maintenance or out of service (or marked assigned with no open job, as legacy data has)."""
    with transaction.atomic():
        vehicle = locked(vehicle)
        if vehicle.status == VehicleStatus.ASSIGNED and _vehicle_has_open_job(vehicle):
            raise ValidationError(f"Vehicle {vehicle.vehicle_number} is on a transport job, not out of service.")
        return VEHICLE_TRANSITIONS.move(vehicle, to=VehicleStatus.AVAILABLE, verb="returned to service")
