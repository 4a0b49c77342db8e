"""Fleet admin: transport jobs through their life (fleet.services) and the vehicles they use."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import path, reverse

from dispatch.admin import latest_pass_url
from dispatch.models import DispatchRequest
from dispatch.services import gate_pass_issue
from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.contributions import ObjectTool, contribute
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.input_guards import SafeAutocompleteSelect
from erp.admin_toolkit.landing import attention_item, stale_state
from erp.admin_toolkit.record_steps import RecordStep
from erp.admin_toolkit.workflows import (
    add_service_errors,
    apply_to_each,
    refusal_text,
    render_workflow_form,
)
from erp.core import wording
from hr.models import Employee

from .models import TransportJob, Vehicle
from .services import (
    OPEN_JOB_STATUSES,
    transport_job_assign,
    transport_job_cancel,
    transport_job_create,
    transport_job_deliver,
    transport_job_start,
    vehicle_mark_out_of_service,
    vehicle_return_to_service,
    vehicle_send_to_maintenance,
)


@admin.register(Vehicle)
class VehicleAdmin(ModuleAdmin):
    list_display = ["vehicle_number", "vehicle_type", "driver_name", status_badge()]
    export_columns = ["vehicle_number", "vehicle_type", "driver_name", "driver_employee", "capacity", "status",
                      "current_location"]
    list_filter = ["status", "vehicle_type"]
    search_fields = ["vehicle_number", "driver_name", "driver_employee__employee_id"]
    list_select_related = ["driver_employee"]
    autocomplete_fields = ["driver_employee"]
    # The status follows transport jobs and the maintenance actions.
    readonly_fields = ["status", "created_at", "updated_at"]
    actions = ["send_to_maintenance", "mark_out_of_service", "return_to_service"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The vehicle picker of the assignment form offers only vehicles that can be assigned.
        if request.GET.get("model_name") == "transportjob":
            queryset = queryset.filter(status=Vehicle.Status.AVAILABLE)
        return queryset, may_have_duplicates

    @admin.action(description="Send selected vehicles to maintenance", permissions=["change"])
    def send_to_maintenance(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: vehicle_send_to_maintenance(vehicle=row),
                      "sent to maintenance")

    @admin.action(description="Mark selected vehicles out of service", permissions=["change"])
    def mark_out_of_service(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: vehicle_mark_out_of_service(vehicle=row),
                      "marked out of service")

    @admin.action(description="Return selected vehicles to service", permissions=["change"])
    def return_to_service(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: vehicle_return_to_service(vehicle=row),
                      "returned to service")


class TransportJobCreateForm(forms.Form):
    dispatch_request = forms.ModelChoiceField(queryset=DispatchRequest.objects.all())
    transporter_name = forms.CharField(max_length=200, required=False, help_text="e.g. Own fleet")

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked by search (order number, party); a choice widget gets its choices when its field is made.
        self.fields["dispatch_request"] = forms.ModelChoiceField(
            queryset=DispatchRequest.objects.all(),
            widget=SafeAutocompleteSelect(TransportJob._meta.get_field("dispatch_request"), admin_site),
        )


class DriverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, employee):
        return f"{employee.full_name} ({employee.employee_id})"


class TransportJobAssignForm(forms.Form):
    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # Given at construction: a choice widget gets its choices from the field then.
        self.fields["vehicle"] = forms.ModelChoiceField(
            queryset=Vehicle.objects.all(),
            widget=SafeAutocompleteSelect(TransportJob._meta.get_field("vehicle"), admin_site),
        )
        # Picked from a list by name (the transport desk does not see HR's employee records, so not an
        # autocomplete over them): the active regular drivers of the fleet and the logistics staff.
        self.fields["driver"] = DriverChoiceField(
            queryset=Employee.objects.filter(status=Employee.Status.ACTIVE).filter(
                Q(vehicles_driven__isnull=False) | Q(department__iexact="logistics")
                | Q(designation__icontains="driver")
            ).distinct().order_by("first_name", "last_name"),
            required=False, empty_label="The vehicle's regular driver",
            help_text="Leave as it is for the vehicle's regular driver.",
        )

    @property
    def driver(self):
        return self.cleaned_data.get("driver")


def _may_get_gate_pass(job: TransportJob) -> bool:
    """An assigned job whose dispatch has no gate pass yet (one released means the goods already left)."""
    return (job.status == TransportJob.Status.ASSIGNED and job.dispatch_request_id is not None
            and not job.dispatch_request.gate_passes.exists())


@admin.register(TransportJob)
class TransportJobAdmin(ModuleAdmin):
    list_display = ["id", "dispatch_request", "vehicle_shown", status_badge(), "created_at"]
    export_columns = ["id", "dispatch_request", "vehicle_shown", "driver", "transporter_name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["vehicle_no", "transporter_name", "vehicle__vehicle_number", "driver__first_name",
                     "driver__last_name", "driver__employee_id", "dispatch_request__party_name",
                     "dispatch_request__sales_order__order_number"]
    list_select_related = ["dispatch_request__sales_order", "vehicle", "driver"]
    autocomplete_fields = ["vehicle", "driver", "dispatch_request"]
    readonly_fields = ["dispatch_request", "vehicle", "vehicle_no", "driver", "status", "created_at", "updated_at"]
    fields = ["dispatch_request", "status", "transporter_name", "vehicle", "vehicle_no", "driver",
              "created_at", "updated_at"]
    actions = ["assign_vehicle", "issue_gate_pass", "start_jobs", "deliver_jobs", "cancel_jobs"]
    status_field = "status"
    status_flow = ["pending", "assigned", "in_transit", "delivered"]
    record_steps = [
        RecordStep("assign_vehicle", "Assign vehicle and driver", when=lambda job: job.status == "pending"),
        # The gate pass's Release brings the clerk back here, to start the job.
        RecordStep("issue_gate_pass", "Issue gate pass", when=_may_get_gate_pass,
                   after=lambda job: latest_pass_url(job.dispatch_request, back=reverse(
                       "admin:fleet_transportjob_change", args=[job.pk]))),
        RecordStep("start_jobs", "Start (in transit)", when=lambda job: job.status == "assigned"),
        RecordStep("deliver_jobs", "Deliver", when=lambda job: job.status == "in_transit"),
        RecordStep("cancel_jobs", "Cancel job", danger=True, when=lambda job: job.status in ("pending", "assigned")),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # a job is cancelled, never deleted

    @admin.display(description="vehicle", ordering="vehicle_no")
    def vehicle_shown(self, job):
        # Legacy jobs name their vehicle by number only (often a hired one, not in the fleet).
        return str(job.vehicle) if job.vehicle_id else (job.vehicle_no or "-")

    def get_urls(self):
        urls = super().get_urls()
        assign = path(
            "<path:object_id>/assign/",
            self.admin_site.admin_view(self.assign_view),
            name="fleet_transportjob_assign",
        )
        return [assign, *urls]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {key: request.GET[key] for key in ("dispatch_request",) if key in request.GET}
        form = TransportJobCreateForm(
            request.POST if request.method == "POST" else None, initial=initial, admin_site=self.admin_site
        )
        if request.method == "POST" and form.is_valid():
            try:
                job = transport_job_create(**form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_addition(request, job, [{"added": {}}])
                self.message_user(
                    request, f"Transport job created for {wording.lower_first(str(job.dispatch_request))}.",
                    messages.SUCCESS)
                return redirect("admin:fleet_transportjob_assign", job.pk)
        return render_workflow_form(
            self, request, form=form, title="New transport job", submit_label="Create job",
            intro="Only a transport dispatch waiting for transport (pending) can get a job.",
        )

    def assign_view(self, request, object_id):
        job = self.get_object(request, object_id)
        if job is None:
            self.message_user(request, f"There is no transport job {object_id}.", messages.WARNING)
            return redirect("admin:fleet_transportjob_changelist")
        if not self.has_change_permission(request, job):
            raise PermissionDenied
        form = TransportJobAssignForm(request.POST if request.method == "POST" else None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                job = transport_job_assign(transport_job=job, vehicle=form.cleaned_data["vehicle"], driver=form.driver)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_change(request, job, [{"changed": {"fields": ["vehicle", "driver", "status"]}}])
                self.message_user(
                    request, f"{job} assigned to {job.vehicle.vehicle_number}, "
                             f"driver {job.driver.full_name}.", messages.SUCCESS,
                )
                if "_and_gate_pass" in request.POST and self._may_issue_gate_pass(request, job):
                    return self._issue_gate_pass_after_assign(request, job)
                return redirect("admin:fleet_transportjob_change", job.pk)
        return render_workflow_form(
            self, request, form=form, title=f"Assign a vehicle and driver: {job}",
            submit_label="Assign", original=job,
            extra_submits=[("_and_gate_pass", "Assign and issue gate pass")]
            if self._may_issue_gate_pass(request, job) else [],
            intro="Vehicles in maintenance, out of service or already on an open job cannot be assigned.",
        )

    def _may_issue_gate_pass(self, request, job) -> bool:
        return job.dispatch_request_id is not None and self.has_gate_pass_permission(request)

    def _issue_gate_pass_after_assign(self, request, job):
        """"Assign and issue gate pass": the vehicle is ready to leave; its pass, as the Issue gate pass button."""
        try:
            gate_pass = gate_pass_issue(dispatch_request=job.dispatch_request)
        except ValidationError as exc:
            self.message_user(request, f"No gate pass was issued: {refusal_text(exc)}", messages.ERROR)
            return redirect("admin:fleet_transportjob_change", job.pk)
        self.log_addition(request, gate_pass, [{"added": {}}])
        self.message_user(request, f"Gate pass issued for {wording.lower_first(str(gate_pass.dispatch_request))}.",
                          messages.SUCCESS)
        return redirect(latest_pass_url(job.dispatch_request,
                                        back=reverse("admin:fleet_transportjob_change", args=[job.pk])))

    @admin.action(description="Assign a vehicle and driver to the selected job", permissions=["change"])
    def assign_vehicle(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one transport job to assign.", messages.WARNING)
            return None
        return redirect("admin:fleet_transportjob_assign", queryset.get().pk)

    def has_gate_pass_permission(self, request):
        return request.user.has_perm("dispatch.add_gatepass")

    @admin.action(description="Issue a gate pass for the selected jobs' dispatches", permissions=["gate_pass"])
    def issue_gate_pass(self, request, queryset):
        # Dispatch's own service, as its "Issue a gate pass" action: vehicle and driver are copied from the job.
        apply_to_each(self, request, queryset.filter(dispatch_request__isnull=False),
                      lambda job: gate_pass_issue(dispatch_request=job.dispatch_request), "given a gate pass")

    @admin.action(description="Start selected jobs (in transit)", permissions=["change"])
    def start_jobs(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: transport_job_start(transport_job=row),
                      "put in transit")

    @admin.action(description="Mark selected jobs delivered", permissions=["change"])
    def deliver_jobs(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: transport_job_deliver(transport_job=row), "delivered")

    @admin.action(description="Cancel selected jobs", permissions=["change"])
    def cancel_jobs(self, request, queryset):
        apply_to_each(self, request, queryset, lambda row: transport_job_cancel(transport_job=row), "cancelled")


# Fleet's part of the dispatch admin (dispatch does not know fleet): the transport desk requests a job
# from a dispatch's page or its changelist, and may view dispatches to pick the one a job is for.
@admin.action(description="Request transport (create a transport job)")
def request_transport(model_admin, request, queryset):
    apply_to_each(model_admin, request, queryset, lambda row: transport_job_create(dispatch_request=row),
                  "given a transport job")


def _open_job(dispatch_request: DispatchRequest) -> TransportJob | None:
    live = [TransportJob.Status.PENDING, *OPEN_JOB_STATUSES]
    return dispatch_request.transport_jobs.filter(status__in=live).order_by("-pk").first()


def _job_url(dispatch_request: DispatchRequest) -> str | None:
    job = _open_job(dispatch_request)
    return reverse("admin:fleet_transportjob_change", args=[job.pk]) if job else None


def _assign_url(dispatch_request: DispatchRequest) -> str | None:
    job = _open_job(dispatch_request)
    return reverse("admin:fleet_transportjob_assign", args=[job.pk]) if job else None


contribute(
    DispatchRequest, permission="fleet.add_transportjob", actions=[request_transport], grants_view=True,
    # Requested, the job is assigned next: the button leads to the job's assignment form.
    record_steps=[RecordStep("request_transport", "Request transport", after=_assign_url,
                             when=lambda dispatch_request: dispatch_request.status == "pending")],
    object_tools=[ObjectTool("Transport job", _job_url)],
)

# Legacy vehicles marked assigned long after their job was closed.
stale_state(
    key="assigned_without_job", label="Vehicles marked assigned without an open transport job", model=Vehicle,
    narrow=lambda vehicles, today: vehicles.filter(status=Vehicle.Status.ASSIGNED).exclude(
        Exists(TransportJob.objects.filter(vehicle=OuterRef("pk"), status__in=OPEN_JOB_STATUSES))),
    settle="Return them to service: Fleet › Vehicles, action “Return selected vehicles to service”.",
)
attention_item(
    key="available", label="Vehicles available", model=Vehicle,
    narrow=lambda vehicles, today: vehicles.filter(status=Vehicle.Status.AVAILABLE),
)
