"""Helpers for driving the admin in tests: read an admin form as a browser would, post changelist actions, read
the messages shown, and make the rows forms point at."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.messages import get_messages


class _FormReader(HTMLParser):
    """Collects the fields of the page's POST forms (but the logout form) with their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and a.get("id") != "logout-form":
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self.fields[name] = ""
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields[self._textarea] = "".join(self._text).lstrip("\n")
            self._textarea = None


def form_fields(html: str) -> dict[str, str]:
    """The admin form's fields and their values, as a browser would submit them unchanged."""
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


def post_action(client, url: str, action: str, objects) -> object:
    """POST an admin changelist action for the given rows (the admin answers with a redirect to the list)."""
    response = client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]})
    assert response.status_code == 302, response.status_code
    return response


def shown_messages(response) -> list[str]:
    """The messages the next page shows (the request's messages, read without rendering that page)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


TODAY = datetime.date(2026, 3, 2)


def make_rows() -> dict:
    """One row of each model that other models' forms refer to (created through the ORM, saved validated)."""
    from dispatch.models import DispatchRequest
    from fleet.models import Vehicle
    from gate.models import GateUser
    from hr.models import Candidate, Employee, JobApplication, JobPosting
    from sales.models import SalesOrder
    from showroom.models import ShowroomProduct

    def saved(obj):
        obj.full_clean()
        obj.save()
        return obj

    product = saved(ShowroomProduct(name="Tractor T1", category="tractor", sale_price=Decimal("500000.00")))
    order = saved(SalesOrder(
        order_number="SO-FIX-1", customer_name="Asha", showroom_product=product, unit_price=Decimal("500000.00"),
        total_amount=Decimal("500000.00"), final_amount=Decimal("500000.00"), payment_method="cash",
        sales_person="ravi",
    ))
    employee = saved(Employee(
        employee_id="E-FIX-1", first_name="Meera", last_name="Iyer", email="meera@example.com",
        department="Assembly", designation="Fitter", joining_date=TODAY, salary=Decimal("30000.00"),
    ))
    dispatch = saved(DispatchRequest(showroom_product=product, sales_order=order, party_name="Asha",
                                     delivery_type="self"))
    gate_user = saved(GateUser(name="Guard Ganesh", phone="9000000001"))
    posting = saved(JobPosting(title="Welder", department="Assembly", description="Welds frames"))
    candidate = saved(Candidate(name="Kiran", email="kiran@example.com"))
    application = saved(JobApplication(job_posting=posting, candidate=candidate, applicant_name="Kiran",
                                       applicant_email="kiran@example.com"))
    vehicle = saved(Vehicle(vehicle_number="KA-01-FIX-1", vehicle_type="truck", driver_name="Raju"))
    return {
        "product": product, "order": order, "employee": employee, "dispatch": dispatch, "gate_user": gate_user,
        "posting": posting, "candidate": candidate, "application": application, "vehicle": vehicle,
    }


def stored_values(obj) -> dict:
    """Every stored column of the row, read again from the database."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    return {field.attname: getattr(fresh, field.attname) for field in type(obj)._meta.concrete_fields}


def assert_closed_everywhere(client, obj) -> None:
    """`obj` is a closed record (erp.core.lifecycle): the logged-in module user of `client` can neither change
    nor delete it through the admin (form, delete page, "Delete selected"), and neither can a service or the
    ORM; the row is left exactly as it was."""
    import pytest
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.db.models import ProtectedError
    from django.urls import reverse

    model = type(obj)
    opts = model._meta
    before = stored_values(obj)
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    page = client.get(change)
    assert page.status_code == 200, f"{opts.label}: the module user cannot even see the record"
    assert 'name="_save"' not in page.content.decode(), f"{opts.label}: a closed record offers a Save button"
    assert client.post(change, form_fields(page.content.decode())).status_code == 403
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    fresh = model._base_manager.get(pk=obj.pk)
    with pytest.raises(ValidationError, match="cannot be changed"):
        fresh.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        fresh.delete()
    # A bulk delete is refused too (by the guard, or first by a protecting reference); its transaction is undone.
    with pytest.raises((ValidationError, ProtectedError)), transaction.atomic():
        model._base_manager.filter(pk=obj.pk).delete()
    assert stored_values(obj) == before, f"{opts.label}: the closed record changed"


def assert_rule_through_the_admin(client, url: str, form: dict, *, breaking: dict, corrected: dict, message: str,
                                  model) -> None:
    """The breaking values are refused on the form (the message shown, the values kept, nothing stored); the
    corrected twin is accepted and stored."""
    import html

    before = model._base_manager.count()
    response = client.post(url, {**form, **breaking})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200, f"refused without a form: {response.status_code}"
    assert message in page, f"{message!r} not shown"
    assert model._base_manager.count() == before
    for value in breaking.values():
        assert str(value) in page, f"the typed value {value!r} was not kept"
    response = client.post(url, {**form, **corrected})
    errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert response.status_code == 302, f"the corrected twin was refused: {errors}"
    assert model._base_manager.count() == before + 1


def assert_database_keeps_closed_state(obj, *, breaking: dict, corrected: dict, message: str) -> None:
    """The database itself refuses to store `obj` with the `breaking` values (an UPDATE that passes no Python
    check), the refusal maps to the constraint's sentence `message`, and the model's validation says the same;
    the `corrected` twin is stored."""
    import pytest
    from django.db import IntegrityError, transaction

    from erp.core.constraints import integrity_refusal

    model = type(obj)
    before = stored_values(obj)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        model._base_manager.filter(pk=obj.pk).update(**breaking)
    refusal = integrity_refusal(caught.value)
    assert refusal is not None and refusal.messages == [message], f"{caught.value} did not map to {message!r}"
    assert stored_values(obj) == before
    fresh = model._base_manager.get(pk=obj.pk)
    for name, value in breaking.items():
        setattr(fresh, name, value)
    with pytest.raises(Exception) as validated:
        fresh.validate_constraints()
    assert message in validated.value.messages
    model._base_manager.filter(pk=obj.pk).update(**corrected)
    stored = stored_values(obj)
    assert all(stored[model._meta.get_field(name).attname] == value for name, value in corrected.items())
