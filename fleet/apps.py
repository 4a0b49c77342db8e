from django.apps import AppConfig


class FleetConfig(AppConfig):
    """Vehicles and transport jobs."""

    name = "fleet"
    verbose_name = "Fleet"
    # The group that holds this module's permissions (erp.0003_module_groups, erp.module_groups).
    module_group = "Fleet"

    def ready(self):
        # Fleet sits above dispatch: it takes part in dispatch's steps through the signals dispatch declares.
        from dispatch.signals import dispatch_request_cancelled, gate_pass_transport_details

        from . import receivers

        dispatch_request_cancelled.connect(receivers.cancel_jobs_of_cancelled_dispatch,
                                           dispatch_uid="fleet.cancel_jobs_of_cancelled_dispatch")
        gate_pass_transport_details.connect(receivers.vehicle_for_gate_pass, dispatch_uid="fleet.vehicle_for_gate_pass")
