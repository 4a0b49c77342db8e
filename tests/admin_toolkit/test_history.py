"""Who changed what and when: every business record's changes are logged and shown from its admin page."""

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from purchasing.models import PurchaseOrder
from sales.models import Customer
from tests.admin_toolkit.support import form_fields, make_rows
from tests.support import verified_login

BUSINESS_MODELS = [m for label in settings.MODULE_APPS for m in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", BUSINESS_MODELS, ids=lambda m: m._meta.label)
def test_every_business_model_is_audited(model):
    assert auditlog.contains(model)


def test_biometric_and_photo_blobs_stay_out_of_the_log():
    from gate.models import GateUser
    from hr.models import Employee

    for model in (Employee, GateUser):
        assert {"photo", "face_encoding"} <= set(auditlog.get_model_fields(model)["exclude_fields"])


@pytest.mark.django_db
def test_admin_change_is_logged_with_its_user_and_shown_from_the_change_page(client, group_user):
    clerk = group_user("Sales", username="clerk-sales")
    verified_login(client, clerk)
    add_url = reverse("admin:sales_customer_add")
    data = form_fields(client.get(add_url).content.decode())
    data.update(name="Steel & Co", credit_limit="1200.00")
    assert client.post(add_url, data).status_code == 302
    customer = Customer.objects.get(name="Steel & Co")

    change_url = reverse("admin:sales_customer_change", args=[customer.pk])
    data = form_fields(client.get(change_url).content.decode())
    data.update(name="Steel and Sons", credit_limit="1350.50")
    assert client.post(change_url, data).status_code == 302

    entries = LogEntry.objects.get_for_object(customer).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert {e.actor for e in entries} == {clerk}
    update = entries.last().changes_dict
    assert update["name"] == ["Steel & Co", "Steel and Sons"]
    assert update["credit_limit"] == ["1200.00", "1350.50"]

    # The change page's History button leads to the audit log of this record.
    change_page = client.get(change_url).content.decode()
    history_url = reverse("admin:sales_customer_history", args=[customer.pk])
    assert f'href="{history_url}"' in change_page
    history = client.get(history_url)
    assert history.status_code == 200
    page = history.content.decode()
    assert "Steel and Sons" in page and "clerk-sales" in page
    assert client.get(reverse("admin:sales_customer_auditlog", args=[customer.pk])).status_code == 200


@pytest.mark.django_db
def test_changes_outside_a_request_are_logged_without_actor_and_bulk_updates_are_not():
    rows = make_rows()
    vehicle = rows["vehicle"]
    vehicle.status = "maintenance"
    vehicle.save()
    last = LogEntry.objects.get_for_object(vehicle).latest("timestamp")
    assert last.actor is None and last.changes_dict["status"] == ["available", "maintenance"]

    # Documented limitation: QuerySet.update() sends no signal, so it leaves no entry.
    before = LogEntry.objects.count()
    type(vehicle).objects.filter(pk=vehicle.pk).update(status="available")
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_history_needs_view_permission_on_the_model(client, group_user):
    po = PurchaseOrder.objects.create(po_number="PO-H-2", supplier_name="Bolts Ltd")
    url = reverse("admin:purchasing_purchaseorder_history", args=[po.pk])
    verified_login(client, group_user("Gate", username="guard"))
    assert client.get(url).status_code == 403
    verified_login(client, group_user("Purchasing", username="buyer"))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_history_of_a_missing_record_redirects_instead_of_failing(client, superuser):
    verified_login(client, superuser)
    response = client.get(reverse("admin:purchasing_purchaseorder_history", args=[999999]))
    assert response.status_code == 302
    # The audit-log page itself (the History button's target) answers the same, for every audited model.
    for url in ("/admin/purchasing/purchaseorder/999999/auditlog/", "/admin/hr/employee/99999/auditlog/",
                "/admin/hr/employee/not-a-key/auditlog/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        assert "doesn’t exist" in str(list(response.wsgi_request._messages)[-1]), url


@pytest.mark.django_db
def test_superuser_browses_the_whole_audit_log(client, superuser):
    PurchaseOrder.objects.create(po_number="PO-H-3", supplier_name="Nuts Ltd")
    verified_login(client, superuser)
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == 200 and "PO-H-3" in response.content.decode()


@pytest.mark.django_db
def test_logged_address_is_not_taken_from_a_forged_forwarded_for_header(client, superuser):
    verified_login(client, superuser)
    url = reverse("admin:sales_customer_add")
    data = form_fields(client.get(url).content.decode())
    data.update(name="Ip Ltd")
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="6.6.6.6").status_code == 302
    entry = LogEntry.objects.get_for_object(Customer.objects.get(name="Ip Ltd")).get()
    assert entry.remote_addr == "127.0.0.1"


def test_history_leaves_out_reverse_relations():
    """A record's history lists its own fields, never "dispatch.DispatchRequest.None" for rows pointing at it."""
    for model in apps.get_models():
        if model._meta.app_label not in settings.MODULE_APPS:
            continue
        reverse_names = {field.name for field in model._meta.get_fields()
                         if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)}
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        assert reverse_names <= excluded, (model._meta.label, reverse_names - excluded)


@pytest.mark.django_db
def test_history_reads_in_words_no_ids_none_or_utc_timestamps(client, group_user, settings):
    """A paid, then reversed payroll's history: statuses by their labels, the employee and the HR user by name,
    dates and moments in the site's time zone, "(empty)" where there was no value."""
    import datetime as dt
    import html
    import re

    from django.utils import timezone

    from erp.core import wording
    from hr import services as hr_services
    from tests.hr import factories as hr_factories

    settings.TIME_ZONE = "Asia/Kolkata"  # a site away from UTC: moments are shown in its time
    clerk = group_user("HR", username="hr-asha")
    verified_login(client, clerk)
    worker = hr_factories.employee(first_name="Kavya", last_name="Nair", employee_id="E-7001")
    payroll = hr_services.payroll_create(employee=worker, period_start=dt.date(2026, 3, 2),
                                         period_end=dt.date(2026, 3, 29))
    payroll = hr_services.payroll_mark_paid(payroll=hr_services.payroll_process(payroll=payroll),
                                            payment_date=dt.date(2026, 4, 1))
    assert client.post(reverse("admin:hr_payroll_reverse", args=[payroll.pk]),
                       {"reason": "Overtime counted twice"}).status_code == 302
    payroll.refresh_from_db()
    page = html.unescape(client.get(reverse("admin:hr_payroll_history", args=[payroll.pk])).content.decode())
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>.*?</tr>", page, re.S)]
    rows = [re.sub(r"\|+", "|", row).strip("|") for row in rows]
    assert "Status|Paid|Reversed" in rows
    assert f"Reversed by|(empty)|{clerk}" in rows
    assert f"Reversed at|(empty)|{wording.moment(payroll.reversed_at)}" in rows
    assert "Payment date|(empty)|1 Apr 2026" in rows
    assert f"Employee|(empty)|{worker}" in rows  # "Kavya Nair (E-7001)", not its id
    body = page[page.index('id="auditlog-history"'):]
    for raw in [r"\bNone\b", r"\d{2}:\d{2}:\d{2}", r"\d{4}-\d{2}-\d{2}", r"\bIn force\b", r"\bId\b"]:
        assert not re.search(raw, body), raw
    assert timezone.localtime(payroll.reversed_at).strftime("%H:%M") in body  # the site's time, not UTC
