"""Malformed input through every module add form: never a server error, never an invalid row stored.

Each form is first filled with plausible values (which must save, proving the filler works); then
each field in turn gets junk of its kind (wrong types, huge strings, negative or absurd numbers,
impossible dates, unknown choices, SQL/HTML snippets, emoji, NUL bytes, blanks). A refused form
must leave the table as it was; an accepted one must have stored a row that passes full_clean()
with the text exactly as typed.
"""

import datetime
import itertools
import re

import django.test.client
import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import strip_tags

from tests.admin_toolkit.support import form_fields, make_rows
from tests.support import verified_login

# Rows that follow from others and have no add form (tests/gate/test_gate_rules.py checks it refuses).
NO_ADD_FORM = {"gate.GateEntrySession"}
MODULE_ADMINS = sorted(
    (model for model in admin.site._registry
     if model._meta.app_label in settings.MODULE_APPS and model._meta.label not in NO_ADD_FORM),
    key=lambda model: model._meta.label,
)

SNIPPET = "Robert'); DROP TABLE employees;-- <script>alert('x')</script> \U0001F69C ünïcödé"
LONG = "x" * 2_000  # past every max_length of the models
HUGE = "x" * 100_000  # for text areas, which have none
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
    """Malformed values of the field's kind that its form field must refuse (each replaces the field's keys)."""
    blank = [{name: ""}]
    if isinstance(field, forms.ModelChoiceField):
        return blank + [{name: v} for v in ("abc", "999999", "99999999999999999999999")]
    if isinstance(field, forms.ChoiceField):
        return blank + [{name: "no-such-choice"}, {name: "<b>x</b>"}]
    if isinstance(field, forms.SplitDateTimeField):
        return [{f"{name}_0": "2026-02-30", f"{name}_1": "25:61"}, {f"{name}_0": "99999-01-01", f"{name}_1": "x"}]
    if isinstance(field, (forms.DecimalField, forms.IntegerField, forms.FloatField)):
        return blank + [{name: v} for v in ("1,5 \U0001F4B0", "1e30", "NaN")]
    if isinstance(field, forms.DateField):
        return blank + [{name: v} for v in ("2026-02-30", "99999-12-31", "tomorrow")]
    if isinstance(field, forms.TimeField):
        return blank + [{name: "25:61"}, {name: "noon"}]
    if isinstance(field, forms.EmailField):
        return blank + [{name: "not-an-email"}, {name: "a@" + "b" * 300 + ".com"}]
    if isinstance(field, forms.CharField):
        return blank + [{name: LONG}, {name: "nul\x00byte"}, {name: "   "}]
    return [{name: "maybe"}]


def edge_values(name: str, field: forms.Field) -> list[dict[str, str]]:
    """Values the form field itself may accept but the model must still judge (one field at a time)."""
    if isinstance(field, forms.ChoiceField):
        return []
    if isinstance(field, forms.IntegerField):
        return [{name: "-1"}]
    if isinstance(field, (forms.DecimalField, forms.FloatField)):
        return [{name: "-0.01"}]
    if isinstance(field, forms.SplitDateTimeField):
        return [{f"{name}_0": "9999-12-31", f"{name}_1": "23:59:59"}]
    if isinstance(field, forms.DateField):
        return [{name: "0001-01-01"}]
    if isinstance(field, forms.CharField) and not field.max_length:
        return [{name: HUGE}]  # a text area: no length limit in the form
    return []


def _confirmed_order(rows) -> dict[str, str]:
    from sales.models import SalesOrder

    order = SalesOrder.objects.create(
        order_number="SO-JUNK-1", customer_name="Asha", customer_contact="9000000002", customer_address="Mandya",
        showroom_product=rows["product"], unit_price=1, total_amount=1, final_amount=1, payment_method="cash",
        sales_person="ravi", order_status="confirmed")
    return {"order_number": order.order_number}


def _set(obj, **values) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**values)


# What a workflow needs before its form can save (the plausible values must be savable), and the field
# values that must be given as they are: {model label: prepare(rows) -> {field: value}}.
PREPARE = {
    "dispatch.DispatchRequest": _confirmed_order,
    "dispatch.GatePass": lambda rows: _set(rows["dispatch"], status="ready_for_pickup") or {},
    "fleet.TransportJob": lambda rows: _set(rows["dispatch"], delivery_type="transport") or {},
    "hr.Interview": lambda rows: _set(rows["application"], status="shortlisted") or {
        "scheduled_date": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()},  # never in the past
    "hr.Employee": lambda rows: {"date_of_birth": "1990-05-01"},  # a birth date is years back
    "hr.JobApplication": lambda rows: {"candidate": ""},  # the rows' candidate has applied to the posting
    "hr.PerformanceReview": lambda rows: {"reviewer": ""},  # not the employee reviewed
    "purchasing.PurchaseOrder": lambda rows: {"extra_materials": ""},  # JSON, not free text
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODULE_ADMINS, ids=lambda m: m._meta.label)
def test_junk_through_the_add_form_never_errors_and_never_stores_an_invalid_row(client, model, monkeypatch, superuser):
    rows = make_rows()
    prepare = PREPARE.get(model._meta.label)
    given = prepare(rows) if prepare else {}
    verified_login(client, superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    page = client.get(url)
    defaults = form_fields(page.content.decode())
    # A model form, or the plain form of a workflow (services decide what is stored).
    form = page.context["adminform"].form if "adminform" in page.context.keys() else page.context["form"]
    fields = form.fields
    today = datetime.date.today()
    # The test client copies the context of every template rendered (each widget's too): most of the
    # time of these posts. Their context is not needed here, so it is not kept.
    monkeypatch.setattr(django.test.client, "store_rendered_templates", lambda *args, **kwargs: None)

    days = itertools.count(0)

    def plausible() -> dict[str, str]:
        # A new day each time, all dates of one form the same: rows unique per person and day still save.
        day = today + datetime.timedelta(days=next(days))
        data = dict(defaults)
        for name, field in fields.items():
            if field.required or not data.get(name):
                data.update(valid_value(name, field, day))
        data.update(given)
        return data

    def post(data: dict[str, str], what: str):
        before = model._default_manager.count()
        response = client.post(url, data)
        assert response.status_code in (200, 302), (what, response.status_code)
        after = model._default_manager.count()
        if response.status_code == 200:
            assert after == before, f"{what}: refused, yet a row was stored"
            page = response.content.decode()
            assert "errornote" in page, f"{what}: refused without saying why"
            last_refusal[:] = [strip_tags(e) for e in re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', page, re.S)]
            return None
        assert after == before + 1, what
        row = model._default_manager.order_by("-pk").first()
        row.full_clean(validate_unique=False)
        return row

    # First, plausible values with SQL, HTML and emoji in every text field (text like any other): the form
    # must save them (a workflow may take only one, so this is the one), exactly as typed.
    last_refusal = []
    text_fields = [name for name, field in fields.items()
                   if type(field) is forms.CharField and (field.max_length or 100) >= len(SNIPPET)
                   and name not in given]
    row = post({**plausible(), **{name: SNIPPET for name in text_fields}}, "plausible values, snippets as text")
    assert row is not None, f"the plausible values must save: {last_refusal}"
    # Exactly as typed, or (a field a service does not take at creation) not at all: never mangled.
    stored = {name: getattr(row, name, None) for name in text_fields}
    assert all(value in (SNIPPET, None, "") for value in stored.values()), stored
    assert not text_fields or SNIPPET in stored.values(), stored

    post({}, "empty POST")

    # Malformed values, every field at once, in as many rounds as the longest list of junk.
    junk = {name: junk_values(name, field) for name, field in fields.items()}
    for round_ in range(max(len(values) for values in junk.values())):
        data = plausible()
        for values in junk.values():
            data.update(values[round_ % len(values)])
        assert post(data, f"junk round {round_}") is None, f"junk round {round_} was accepted"

    # Values a form field lets through, one field at a time, so no other error hides the model's verdict.
    for name, field in fields.items():
        for edge in edge_values(name, field):
            post({**plausible(), **edge}, f"{name}={next(iter(edge.values()))[:20]!r}")
