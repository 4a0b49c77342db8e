"""Admin glue for workflow services: run a service per selected row of a changelist, from a model form
(ServiceForm) or from a plain form on an admin page, and show the clerk what was done and what was refused
(never a server error)."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst

from erp.admin_toolkit.record_steps import step_outcome
from erp.core.constraints import integrity_refusal


class ServiceRefusalOnSave:
    """Mixin for admins whose add/change forms save through services. The form's clean() runs the service's
    checks, so mistakes are shown on the form; if the service still refuses at save time (another user changed
    the data in between, or a rule only the save can check), the request's transaction is rolled back and the
    form is shown again as the clerk filled it, with the refusal on its field (never an emptied form)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, IntegrityError) as error:
            exc = as_refusal(error)
            if request.method != "POST" or getattr(request, "_service_refusal", None) is not None:
                self.message_user(request, f"Nothing was saved: {refusal_text(exc)}", messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            request._service_refusal = exc
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                data = super().clean()
                add_service_errors(self, refusal)
                return data

        return RefusedForm


def refusal_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def as_refusal(exc: Exception) -> ValidationError:
    """A refusal to show: a ValidationError as it is; a database error as its constraint's sentence."""
    if isinstance(exc, ValidationError):
        return exc
    refusal = integrity_refusal(exc)
    if refusal is None:
        raise exc
    return refusal


def names_row(text: str, row) -> bool:
    """Whether a refusal already names its row (its name, within a sentence too, its number, or "#<n>"): then it
    is not named twice."""
    name = str(row)
    handles = (name, name[:1].lower() + name[1:], name.split(" – ")[0], f"#{row.pk}")
    return any(handle and handle in text for handle in handles)


def apply_to_each(
    model_admin: admin.ModelAdmin, request: HttpRequest, rows: Iterable, step: Callable, done: str
) -> None:
    """Run `step(row)` for each selected row, each in its own transaction (the service's); a refused row does not
    stop the others. `done` says what happened, in lower case: it completes "<n> <verbose name> <done>.".

    The clerk sees the successes once ("2 sales orders confirmed.") and each refusal naming its row once
    ("<row>: <reason>", or the reason alone where it names the row); each success is in the object's history
    ("Confirmed (action “confirm_orders”).")."""
    succeeded = 0
    refusals = []
    for row in rows:
        try:
            step(row)
        except (ValidationError, IntegrityError) as error:
            text = refusal_text(as_refusal(error))
            refusals.append(text if names_row(text, row) else f"{row}: {text}")
        else:
            succeeded += 1
            # The object's history page shows who took the step, and with which action.
            model_admin.log_change(request, row, f"{capfirst(done)} (action “{request.POST.get('action', '')}”).")
    step_outcome(request, succeeded=succeeded, refused=len(refusals))
    if succeeded:
        opts = model_admin.model._meta
        noun = opts.verbose_name if succeeded == 1 else opts.verbose_name_plural
        model_admin.message_user(request, f"{succeeded} {noun} {done}.", messages.SUCCESS)
    for text in refusals:
        model_admin.message_user(request, text, messages.ERROR)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ServiceForm(forms.ModelForm):
    """A ModelForm whose clean() runs a service check; the check's errors land on the form.

    The check runs once the fields themselves are valid, so it sees clean values only.
    """

    def service_check(self, data: dict) -> None:  # overridden
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.service_check(data)
            except ValidationError as error:
                add_service_errors(self, error)
        return data


def adopt_saved(obj, saved) -> None:
    """The admin goes on with the form's instance (log entry, redirect): point it at the row the service saved."""
    obj.pk = saved.pk
    obj.refresh_from_db()


def editable_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def render_workflow_form(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    submit_label: str,
    intro: str = "",
    original=None,
    extra_submits: Iterable[tuple[str, str]] = (),
    form_data: dict[str, str] | None = None,
) -> HttpResponse:
    """`extra_submits`: (name, label) of more submit buttons beside the main one ("Assign and issue gate pass");
    `form_data`: data-* attributes of the form, for its script (e.g. the URL it asks a price from)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "intro": intro,
        "submit_label": submit_label,
        "extra_submits": list(extra_submits),
        "form_data": form_data or {},
        "original": original,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/workflow_form.html", context)
