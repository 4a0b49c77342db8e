"""Admin glue for workflow services: run a service per selected row of a changelist, or from a plain
form on an admin page, and show the clerk what was done and what was refused (never a server error)."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse


class ServiceRefusalOnSave:
    """Mixin for admins whose add/change forms save through services. The form's clean() runs the service's
    checks, so mistakes are shown on the form; if the service still refuses at save time (another user changed
    the data in between), the request's transaction is rolled back and the refusal is shown as a message."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, f"Nothing was saved: {refusal_text(exc)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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


def apply_to_each(model_admin: admin.ModelAdmin, request: HttpRequest, queryset, step: Callable, done: str) -> None:
    """Run `step(row)` for each selected row, each in its own transaction (the service's); report the successes
    once ("<Done>: <n> <verbose name>.") and each refusal by row ("<row>: <reason>")."""
    succeeded = 0
    for row in queryset:
        try:
            step(row)
        except ValidationError as exc:
            model_admin.message_user(request, f"{row}: {refusal_text(exc)}", messages.ERROR)
        else:
            succeeded += 1
            # The object's history page shows who took the step.
            model_admin.log_change(request, row, f"{done} (action “{request.POST.get('action', '')}”).")
    if succeeded:
        opts = model_admin.model._meta
        noun = opts.verbose_name if succeeded == 1 else opts.verbose_name_plural
        model_admin.message_user(request, f"{done}: {succeeded} {noun}.", messages.SUCCESS)


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
