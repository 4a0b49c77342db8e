"""What one module app adds to the admin of a lower app's model, so that the lower app never imports it.

Fleet offers "Request transport" on dispatch requests: an action on their changelist, a button on
their change page, and view access for the transport desk, which picks the dispatch a job is for.
The contributing app calls `contribute()` in its admin module; ModuleAdmin shows what is registered
for its model to the users holding the contribution's permission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpRequest

from erp.admin_toolkit.actions import action_parts, location_kwargs
from erp.admin_toolkit.record_steps import RecordStep


@dataclass(frozen=True)
class ObjectTool:
    """A button beside History on a change page: `url(obj)` is where it leads (None: not shown on that record)."""

    label: str
    url: Callable[[models.Model], str | None]


@dataclass(frozen=True)
class Contribution:
    model: type[models.Model]
    permission: str  # "app_label.codename": who sees the contribution
    actions: tuple[Callable, ...] = ()
    object_tools: tuple[ObjectTool, ...] = ()
    record_steps: tuple[RecordStep, ...] = ()  # buttons on the change page running one of `actions`
    # Users with `permission` may also view the model's rows (e.g. to pick one in a lookup popup).
    grants_view: bool = False

    def allowed(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


CONTRIBUTIONS: list[Contribution] = []


def contribute(model: type[models.Model], *, permission: str, actions: Iterable[Callable] = (),
               object_tools: Iterable[ObjectTool] = (), record_steps: Iterable[RecordStep] = (),
               grants_view: bool = False) -> Contribution:
    """Register admin actions (functions decorated with @admin.action), change-page links and step buttons
    (erp/admin_toolkit/record_steps.py) for `model`."""
    contribution = Contribution(model=model, permission=permission, actions=tuple(actions),
                                object_tools=tuple(object_tools), record_steps=tuple(record_steps),
                                grants_view=grants_view)
    CONTRIBUTIONS.append(contribution)
    return contribution


def contributions_for(model: type[models.Model]) -> list[Contribution]:
    return [c for c in CONTRIBUTIONS if c.model is model]


class ContributionsMixin:
    """Mixin for a ModelAdmin: shows what other apps contributed to its model."""

    def get_actions(self, request, action_location=None):
        location = location_kwargs(action_location)
        actions = super().get_actions(request, **location)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        for contribution in contributions_for(self.model):
            if not contribution.allowed(request):
                continue
            for function in contribution.actions:
                # Django's own reading of the function, in the release's shape; on 6.1 None where the action
                # is not offered (an @admin.action is the changelist's only, unless it names a location).
                action = self.get_action(function, **location)
                if action is not None:
                    actions[action_parts(action)[1]] = action
        return actions

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or any(
            contribution.grants_view and contribution.allowed(request)
            for contribution in contributions_for(self.model)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "contributed_tools": self._tools(request, object_id)})

    def _tools(self, request, object_id) -> list[tuple[str, str]]:
        contributions = [c for c in contributions_for(self.model) if c.object_tools and c.allowed(request)]
        if not contributions:
            return []
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return []
        tools = [(tool.label, tool.url(obj)) for c in contributions for tool in c.object_tools]
        return [(label, url) for label, url in tools if url]  # a tool without a place today is not shown
