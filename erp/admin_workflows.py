"""Admin glue for workflow services: run a service per selected row of a changelist, or from a plain
form on an admin page, and show the clerk what was done and what was refused (never a server error)."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse


class SafeAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders a malformed submitted value (e.g. "abc" for an id) as no selection;
    Django's own widget fails on it while re-rendering the form, which would be a server error."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        usable = []
        for item in value:
            try:
                target.run_validators(target.to_python(item))
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class ActionSelectionGuard:
    """Mixin for a ModelAdmin: a changelist action posted with malformed row ids ("abc", out-of-range
    numbers) is refused with a message; Django would fail with a server error evaluating the selection."""

    def response_action(self, request, queryset):
        pk_field = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                pk_field.run_validators(pk_field.to_python(value))
            except ValidationError:
                self.message_user(request, "The selected rows were not understood; nothing was changed.",
                                  messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


def refusal_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def apply_to_rows(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    rows: Iterable,
    service: Callable,
    *,
    argument: str,
    done: str,
) -> None:
    """Call `service(**{argument: row})` for each row, each in its own transaction, and report.

    `done` completes "<n> <verbose name> <done>." (e.g. "confirmed").
    """
    succeeded = 0
    refusals = []
    for row in rows:
        try:
            service(**{argument: row})
        except ValidationError as exc:
            refusals.append(refusal_text(exc))
        else:
            succeeded += 1
            # The object's history (admin log) shows who moved it and to what.
            model_admin.log_change(request, row, f"Workflow: {done}.")
    opts = model_admin.model._meta
    if succeeded:
        name = opts.verbose_name if succeeded == 1 else opts.verbose_name_plural
        model_admin.message_user(request, f"{succeeded} {name} {done}.", messages.SUCCESS)
    for text in refusals:
        model_admin.message_user(request, f"Refused: {text}", messages.ERROR)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def render_workflow_form(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    submit_label: str,
    intro: str = "",
    original=None,
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "intro": intro,
        "submit_label": submit_label,
        "original": original,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/workflow_form.html", context)
