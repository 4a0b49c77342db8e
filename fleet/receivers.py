"""Fleet's part in dispatch's steps, connected to dispatch's signals in FleetConfig.ready()."""

from .services import transport_job_cancel_for_dispatch, transport_job_gate_pass_details


def cancel_jobs_of_cancelled_dispatch(sender, *, dispatch_request, **kwargs) -> None:
    """Runs inside the cancellation's transaction: a refusal here rolls the cancellation back."""
    transport_job_cancel_for_dispatch(dispatch_request=dispatch_request)


def vehicle_for_gate_pass(sender, *, dispatch_request, **kwargs) -> dict | None:
    return transport_job_gate_pass_details(dispatch_request=dispatch_request)
