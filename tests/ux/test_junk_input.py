"""Malformed input through every module add form: never a server error, never an invalid row stored.

Each form is first filled with plausible values (which must save, proving the filler works); then
each field in turn gets junk of its kind (wrong types, huge strings, negative or absurd numbers,
impossible dates, unknown choices, SQL/HTML snippets, emoji, NUL bytes, blanks). A refused form
must leave the table as it was; an accepted one must have stored a row that passes full_clean()
with the text exactly as typed.
"""

import datetime
import itertools

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.ux.support import form_fields, make_rows

MODULE_ADMINS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in settings.MODULE_APPS),
    key=lambda model: model._meta.label,
)

SNIPPET = "Robert'); DROP TABLE employees;-- <script>alert('x')</script> \U0001F69C ünïcödé"
HUGE = "x" * 100_000
_counter = itertools.count(1)


def valid_value(name: str, field: forms.Field, today: datetime.date) -> dict[str, str]:
    """A plausible value for one form field, unique where uniqueness might matter."""
    n = next(_counter)
    if isinstance(field, forms.ModelChoiceField):
        return {name: str(field.queryset.first().pk)}
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _ in field.choices if value not in ("", None)]
        return {name: values[0]}
    if isinstance(field, forms.SplitDateTimeField):
        return {f"{name}_0": today.isoformat(), f"{name}_1": "10:00:00"}
    if isinstance(field, forms.EmailField):
        return {name: f"ok{n}@example.com"}
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return {name: "1"}
    if isinstance(field, forms.DateField):
        return {name: today.isoformat()}
    if isinstance(field, forms.TimeField):
        return {name: "10:00:00"}
    if isinstance(field, forms.BooleanField):
        return {}
    if isinstance(field, forms.CharField):
        return {name: f"ok{n}"[: field.max_length or 100]}
    raise AssertionError(f"no plausible value for {name}: {type(field).__name__}")


def junk_values(name: str, field: forms.Field) -> list[dict[str, str]]:
    """Malformed values of the field's kind (each a replacement for the field's keys)."""
    blank = [{name: ""}]
    if isinstance(field, forms.ModelChoiceField):
        return blank + [{name: v} for v in ("abc", "999999", "-1", "99999999999999999999999", SNIPPET)]
    if isinstance(field, forms.ChoiceField):
        return blank + [{name: "no-such-choice"}, {name: "<b>x</b>"}]
    if isinstance(field, forms.SplitDateTimeField):
        return [{f"{name}_0": "2026-02-30", f"{name}_1": "25:61"}, {f"{name}_0": "99999-01-01", f"{name}_1": "x"}]
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return blank + [{name: v} for v in ("abc", "-1", "-0.01", "1e30", "NaN", "99999999999999999999999")]
    if isinstance(field, forms.DateField):
        return blank + [{name: v} for v in ("2026-02-30", "0000-00-00", "99999-12-31", "tomorrow")]
    if isinstance(field, forms.TimeField):
        return blank + [{name: "25:61"}]
    if isinstance(field, forms.EmailField):
        return blank + [{name: "not-an-email"}, {name: "a@" + "b" * 300 + ".com"}]
    if isinstance(field, forms.CharField):
        return blank + [{name: HUGE}, {name: SNIPPET}, {name: "nul\x00byte"}, {name: "   "}]
    return [{name: "maybe"}]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODULE_ADMINS, ids=lambda m: m._meta.label)
def test_junk_through_the_add_form_never_errors_and_never_stores_an_invalid_row(client, model):
    make_rows()
    client.force_login(User.objects.create_superuser("root-junk", password=None))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    page = client.get(url)
    defaults = form_fields(page.content.decode())
    fields = page.context["adminform"].form.fields
    today = datetime.date.today()

    def plausible() -> dict[str, str]:
        data = dict(defaults)
        for name, field in fields.items():
            if field.required or not data.get(name):
                data.update(valid_value(name, field, today))
        return data

    def post(data: dict[str, str], what: str):
        before = model._default_manager.count()
        response = client.post(url, data)
        assert response.status_code in (200, 302), (what, response.status_code)
        after = model._default_manager.count()
        if response.status_code == 200:
            assert after == before, f"{what}: refused, yet a row was stored"
            assert "errornote" in response.content.decode(), f"{what}: refused without saying why"
            return None
        assert after == before + 1, what
        row = model._default_manager.order_by("-pk").first()
        row.full_clean(validate_unique=False)
        return row

    baseline = plausible()
    assert post(baseline, "plausible values") is not None, "the plausible values must save"

    post({}, "empty POST")
    post({key: SNIPPET for key in baseline}, "every field the same snippet")
    for name, field in fields.items():
        for junk in junk_values(name, field):
            row = post({**plausible(), **junk}, f"{name}={next(iter(junk.values()))[:40]!r}")
            if row is not None and junk.get(name) == SNIPPET and hasattr(row, name):
                assert getattr(row, name) == SNIPPET, f"{name}: text not stored as typed"
