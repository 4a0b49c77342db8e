"""The gate screen for phones: one page per task of the gate (people, guests, gate passes), big buttons.

The module apps provide the pages (gate.screens, guestlist.screens) and declare each as a tab with
`screen_tab`; this module knows none of them. Each page is an admin view (login and second factor as in
the admin), shown only to who may take its steps, and every step runs the app's service through
`run_step`, which reports the outcome as the admin's actions do and writes it in the record's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from erp.admin_toolkit.workflows import as_refusal, refusal_text


@dataclass(frozen=True)
class ScreenTab:
    key: str
    label: str
    url_name: str
    allowed: Callable[[object], bool]  # user -> may open the page


TABS: list[ScreenTab] = []


def screen_tab(*, key: str, label: str, url_name: str, allowed: Callable[[object], bool]) -> ScreenTab:
    if any(tab.key == key for tab in TABS):
        raise ValueError(f"A gate screen tab {key!r} is already declared.")
    tab = ScreenTab(key=key, label=label, url_name=url_name, allowed=allowed)
    TABS.append(tab)
    return tab


def tabs_for(user) -> list[dict]:
    return [{"key": tab.key, "label": tab.label, "url": reverse(tab.url_name)} for tab in TABS if tab.allowed(user)]


def run_step(request: HttpRequest, obj, step: Callable[[], object], done: str, *, name: str = "") -> object | None:
    """Run a service step for `obj`; say what was done (or why not) and log it in `obj`'s history.
    `name` names the record in the message (default: str(obj), as it was before the step).

    Returns the step's result, or None when the service refused it (nothing changed)."""
    try:
        result = step()
    except (ValidationError, IntegrityError) as error:
        messages.error(request, refusal_text(as_refusal(error)))
        return None
    if admin.site.is_registered(type(obj)):
        model_admin = admin.site.get_model_admin(type(obj))
        model_admin.log_change(request, obj, f"{done} (gate screen).")
    messages.success(request, f"{name or obj}: {done[0].lower()}{done[1:]}.")
    return result


def render_screen(request: HttpRequest, active: str, template: str, context: dict) -> TemplateResponse:
    tabs = tabs_for(request.user)
    title = next((tab["label"] for tab in tabs if tab["key"] == active), "Gate")
    return TemplateResponse(request, template, {
        **admin.site.each_context(request), "title": title, "tabs": tabs, "active": active, **context})
