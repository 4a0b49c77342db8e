"""Admin form hardening against malformed input that Django's admin would answer with a server error."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, minus its crash on a submitted value that cannot be a key.

    Re-rendering a refused form, Django queries the submitted value as a key of the target table;
    "abc" for an integer key raises ValueError (a 500). The form already reports the value as an
    invalid choice, so such values are simply not looked up.
    """

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field
        key = target.model._meta.get_field(getattr(target, "field_name", None) or target.model._meta.pk.name)
        usable = []
        for item in value:
            try:
                key.clean(item, None)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class SafeAutocompleteMixin:
    """Uses SafeAutocompleteSelect for the admin's `autocomplete_fields` foreign keys."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionSelectionGuard:
    """Mixin for a ModelAdmin: a changelist action posted with malformed row ids ("abc", out-of-range
    numbers) is refused with a message; Django would fail with a server error evaluating the selection."""

    def response_action(self, request, queryset, *args, **kwargs):
        # *args/**kwargs: Django 6.1 added `action_location`; whatever a release passes goes on unchanged.
        pk_field = self.model._meta.pk
        for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
            try:
                pk_field.run_validators(pk_field.to_python(value))
            except ValidationError:
                self.message_user(request, "The selected rows were not understood; nothing was changed.",
                                  messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, *args, **kwargs)
