"""The gate in the admin: entries, exits and outings recorded per person through gate.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each

from . import services
from .models import GateEntryLog, GateEntrySession, GateUser, GoingOutLog


def _refused_if_blocked(log: GateEntryLog) -> GateEntryLog:
    if log.status == GateEntryLog.Status.BLOCKED:
        # The blocked attempt is already committed by the service; this only reports it.
        raise ValidationError(f"{log.get_action_display()} refused: {log.user_name} is blocked (attempt logged).")
    return log


@admin.register(GateUser)
class GateUserAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["name", "phone", status_badge(), "last_entry", "last_exit"]
    list_filter = ["status"]
    search_fields = ["name", "=phone"]
    readonly_fields = ["registered_at", "last_entry", "last_exit", "created_at", "updated_at"]
    exclude = ["face_encoding", "photo"]
    actions = ["record_entry", "record_exit"]

    @admin.action(description="Record entry now", permissions=["change"])
    def record_entry(self, request, queryset):
        apply_to_each(self, request, queryset,
                      lambda u: _refused_if_blocked(services.gate_entry_record(user=u)), "recorded as entering")

    @admin.action(description="Record exit now", permissions=["change"])
    def record_exit(self, request, queryset):
        apply_to_each(self, request, queryset,
                      lambda u: _refused_if_blocked(services.gate_exit_record(user=u)), "recorded as leaving")


class GateEntryLogForm(ServiceForm):
    action = forms.ChoiceField(choices=GateEntryLog.Action.choices)

    class Meta:
        model = GateEntryLog
        fields = ["user", "action", "method", "details"]

    def service_check(self, data):
        user = data.get("user")
        # A blocked person passes the form: the service records the refused attempt.
        if user and data.get("action") and user.status != GateUser.Status.BLOCKED:
            services.gate_check_passage(user=user, action=data["action"])

    def _post_clean(self):
        # Name, phone and times are filled in by the service from the person; nothing to validate here yet.
        pass


@admin.register(GateEntryLog)
class GateEntryLogAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = GateEntryLogForm
    list_display = ["timestamp", "user_name", "user_phone", "action", "method", status_badge()]
    list_filter = ["action", "method", "status", "timestamp"]  # each served by an index (see the model)
    search_fields = ["=user_phone", "^user_name"]  # exact phone or name prefix, both indexed
    list_select_related = ["user"]
    autocomplete_fields = ["user"]  # by name or phone
    readonly_fields = ["created_at"]

    def get_search_results(self, request, queryset, search_term):
        # A full name as shown ("Farhan Qureshi") is one prefix of the name, not two words each a prefix.
        term = " ".join(search_term.split())
        if " " in term and not term.startswith('"'):
            return queryset.filter(user_name__istartswith=term), False
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "action", "method", "details"]
        return [f.name for f in GateEntryLog._meta.fields if f.name != "id"]

    def get_readonly_fields(self, request, obj=None):
        # A log is a record of what happened at the gate: never edited afterwards.
        return self.get_fields(request, obj) if obj else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm  # read-only view: no entry/exit choice to make
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        record = services.gate_entry_record if data["action"] == GateEntryLog.Action.ENTRY \
            else services.gate_exit_record
        saved = record(user=data["user"], method=data["method"], details=data.get("details") or None)
        adopt_saved(obj, saved)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.status == GateEntryLog.Status.BLOCKED:
            self.message_user(request, f"{obj.get_action_display()} refused: {obj.user_name} is blocked. "
                                       "The attempt is logged.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:gate_gateentrylog_changelist"))
        return super().response_add(request, obj, post_url_continue)


class GoingOutForm(ServiceForm):
    class Meta:
        model = GoingOutLog
        fields = ["user", "reason_type", "reason_details"]

    def service_check(self, data):
        if data.get("user") and not self.instance.pk:
            services.going_out_check(user=data["user"])

    def _post_clean(self):
        if self.instance.pk:
            super()._post_clean()


@admin.register(GoingOutLog)
class GoingOutLogAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = GoingOutForm
    list_display = ["going_out_time", "user_name", "reason_type", "coming_back_time", "duration_minutes",
                    status_badge()]
    list_filter = ["status", "reason_type"]
    search_fields = ["=user_phone", "user_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]  # by name or phone
    readonly_fields = ["duration_minutes", "created_at", "updated_at"]
    actions = ["coming_back"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "reason_type", "reason_details"]
        return ["user", "user_name", "user_phone", "reason_type", "reason_details", "going_out_time",
                "coming_back_time", "duration_minutes", "status", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [f for f in self.get_fields(request, obj) if f != "reason_details"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["reason_details", "updated_at"])
            return
        data = form.cleaned_data
        saved = services.going_out_start(user=data["user"], reason_type=data["reason_type"],
                                         reason_details=data.get("reason_details") or None)
        adopt_saved(obj, saved)

    @admin.action(description="Back now (record the return)", permissions=["change"])
    def coming_back(self, request, queryset):
        apply_to_each(self, request, queryset, lambda o: services.going_out_return(outing=o), "marked as returned")


@admin.register(GateEntrySession)
class GateEntrySessionAdmin(ServiceRefusalOnSave, ModuleAdmin):
    list_display = ["date", "user_name", "user_phone", status_badge(), "entry_time", "exit_time"]
    list_filter = ["status", "date"]
    search_fields = ["=user_phone", "user_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]  # by name or phone
    readonly_fields = ["created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # a session is opened by an entry (gate.services), never typed in

    def get_readonly_fields(self, request, obj=None):
        # Sessions follow from the entry and exit logs; the gate's passages are recorded there.
        if obj is None:
            return self.readonly_fields
        return [f.name for f in GateEntrySession._meta.fields if f.name != "id"]
