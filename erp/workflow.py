"""State transitions for the module workflows, and running them from admin actions and forms.

Each model keeps a small explicit table {current state: allowed next states}; services call
`require_transition` before changing state, so an illegal step is refused with a message naming the state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect

Transitions = Mapping[str, Iterable[str]]


def state_label(obj: models.Model, field: str = "status") -> str:
    display = getattr(obj, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(obj, field))


def require_transition(*, obj: models.Model, target: str, table: Transitions, verb: str,
                       field: str = "status") -> None:
    """Refuse moving `obj` to `target` unless the table allows it from its current state."""
    current = getattr(obj, field)
    if target not in table.get(current, ()):
        raise ValidationError(
            f"Cannot {verb} {obj._meta.verbose_name} “{obj}”: it is {state_label(obj, field)}.",
            code="illegal_transition",
        )


def action_label(request) -> str:
    return request.POST.get("action", "")


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def apply_to_each(modeladmin: admin.ModelAdmin, request, queryset, step: Callable[[models.Model], object],
                  done: str) -> None:
    """Run one service call per selected row; report successes once and each refusal by row.

    Each row runs in its own transaction (the service's), so one refusal does not undo the others.
    """
    succeeded = 0
    for obj in queryset:
        try:
            step(obj)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
        else:
            succeeded += 1
            # The object's history page shows who took the step.
            modeladmin.log_change(request, obj, f"{done} (action “{action_label(request)}”).")
    if succeeded:
        noun = modeladmin.model._meta.verbose_name if succeeded == 1 else modeladmin.model._meta.verbose_name_plural
        modeladmin.message_user(request, f"{done}: {succeeded} {noun}.", messages.SUCCESS)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget queries the posted value when it re-renders an invalid form, and a
    malformed id ("abc" for an integer key) raises there: drop such values, the field error is shown anyway."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        usable = []
        for item in value:
            try:
                target.run_validators(target.to_python(item))
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class WorkflowAdminMixin:
    """For admins whose forms and actions go through services: malformed input never becomes a server error.

    The form's clean() runs the service's checks, so mistakes are shown on the form. If the service still
    refuses at save time (another user changed the data in between), the request's transaction is rolled
    back and the refusal is shown as a message. Malformed row ids posted to an action are dropped.
    """

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        pk_field = self.model._meta.pk
        usable = []
        for value in selected:
            try:
                pk_field.to_python(value)
            except ValidationError:
                continue
            usable.append(value)
        if usable != selected:
            post = request.POST.copy()
            post.setlist(helpers.ACTION_CHECKBOX_NAME, usable)
            request.POST = post
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, f"Nothing was saved: {error_text(error)}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def form_errors_from(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to a form: field errors to their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
