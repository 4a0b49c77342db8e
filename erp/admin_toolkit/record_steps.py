"""Workflow steps on the record's own page: a status bar, and a button for each step the record can take now.

A button runs one of the admin's list actions (by name) on this one record: the same service, the same
permission check (`get_actions` offers only the actions the user may run, other apps' contributed ones
included), the same messages and the same history entry. A button is a POST form with the CSRF token;
what the service refuses is shown on the record's page. List actions stay for bulk work.

A module admin declares

    status_field = "order_status"
    record_steps = [RecordStep("confirm_orders", "Confirm", when=lambda order: order.order_status == "pending")]

and another app adds buttons to a model it does not own through `contribute(..., record_steps=[...])`.
`when` only decides whether the button is shown: the service still decides whether the step is allowed
(another clerk may have moved the record since the page was drawn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from erp.admin_toolkit.actions import action_parts

# `after` may return this: go back to the page the clerk came from (its `next`), else stay on the record.
BACK = "back"


@dataclass(frozen=True)
class RecordStep:
    """A button on a change page that runs the list action `action` on the record."""

    action: str
    label: str
    # Shown while the record is in a state the step starts from.
    when: Callable[[models.Model], bool] = lambda obj: True
    # Where the clerk goes once the step succeeded: a URL, BACK, or None for the record's own page.
    after: Callable[[models.Model], str | None] | None = None
    danger: bool = False  # cancel, reject: drawn apart from the forward steps


def step_outcome(request: HttpRequest, *, succeeded: int, refused: int) -> None:
    """What apply_to_each did, for the record page to decide where to go next."""
    request._record_step_outcome = (succeeded, refused)


class RecordStepsMixin:
    """Mixin for a ModelAdmin: the status bar and step buttons on change pages, and the view they post to."""

    status_field: str | None = None
    # The states drawn on the bar, in their order; others (cancelled, rejected) only while the record is in one.
    status_flow: list[str] | None = None
    record_steps: list[RecordStep] = []

    def get_urls(self):
        opts = self.model._meta
        step = path(
            "<path:object_id>/step/<str:action>/",
            self.admin_site.admin_view(self.record_step_view),  # admin_view: staff only, CSRF protected
            name=f"{opts.app_label}_{opts.model_name}_step",
        )
        return [step, *super().get_urls()]

    def all_record_steps(self, request) -> list[RecordStep]:
        from erp.admin_toolkit.contributions import contributions_for

        steps = list(self.record_steps)
        for contribution in contributions_for(self.model):
            if contribution.allowed(request):
                steps.extend(contribution.record_steps)
        return steps

    def offered_steps(self, request, obj) -> list[RecordStep]:
        """The buttons this user sees on this record now."""
        allowed = self.get_actions(request)
        steps = [step for step in self.all_record_steps(request) if step.action in allowed and step.when(obj)]
        return sorted(steps, key=lambda step: step.danger)  # the way forward first, cancel and reject last

    def get_status_flow(self, obj) -> list[str] | None:
        return self.status_flow

    def status_bar(self, obj) -> list[tuple[str, str]]:
        if not self.status_field:
            return []
        field = self.model._meta.get_field(self.status_field)
        current = getattr(obj, self.status_field)
        labels = dict(field.flatchoices)
        flow = self.get_status_flow(obj) or list(labels)
        shown = flow if current in flow else [*flow, current]
        place = shown.index(current)
        return [(str(labels.get(state, state)), "done" if i < place else "current" if i == place else "todo")
                for i, state in enumerate(shown)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None and request.method == "GET":
            opts = self.model._meta
            next_url = request.GET.get("next", "")
            extra["status_bar"] = self.status_bar(obj)
            extra["record_steps"] = [
                {
                    "label": step.label,
                    "action": step.action,
                    "danger": step.danger,
                    "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_step",
                                   args=[quote(obj.pk), step.action], current_app=self.admin_site.name),
                }
                for step in self.offered_steps(request, obj)
            ]
            extra["record_step_next"] = next_url if self._safe(request, next_url) else ""
        return super().change_view(request, object_id, form_url, extra)

    @staticmethod
    def _safe(request, url: str) -> bool:
        return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                              require_https=request.is_secure())

    def _record_url(self, obj, next_url: str = "") -> str:
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)],
                      current_app=self.admin_site.name)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def record_step_view(self, request, object_id, action) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            opts = self.model._meta
            self.message_user(request, f"There is no {opts.verbose_name} {object_id}.", messages.WARNING)
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist",
                                                current_app=self.admin_site.name))
        step = next((s for s in self.all_record_steps(request) if s.action == action), None)
        actions = self.get_actions(request)
        if step is None or action not in actions:
            raise PermissionDenied  # not a step of this record, or not one this user may take
        function, _name, _description = action_parts(actions[action])
        next_url = request.POST.get("next", "")
        next_url = next_url if self._safe(request, next_url) else ""
        response = function(self, request, self.get_queryset(request).filter(pk=obj.pk))
        if isinstance(response, HttpResponse):
            return response  # a step that asks for more (a form): the action's own page
        succeeded, refused = getattr(request, "_record_step_outcome", (0, 0))
        if succeeded and not refused and step.after is not None:
            obj.refresh_from_db()
            target = step.after(obj)
            if target == BACK:
                target = next_url or None
            if target:
                return HttpResponseRedirect(target)
        return HttpResponseRedirect(self._record_url(obj, next_url))
