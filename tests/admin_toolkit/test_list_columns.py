"""Lists show the columns that matter, with status as a coloured badge (issue 14, item 4); every column a list
leaves out is on the record's page and in the list's exports."""

import csv
import io

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

TRIMMED = sorted(
    (model_admin for model, model_admin in admin.site._registry.items()
     if model._meta.app_label in settings.MODULE_APPS and getattr(model_admin, "export_columns", None)),
    key=lambda model_admin: model_admin.model._meta.label)


def _shown(column):
    return getattr(column, "field_name", getattr(column, "__name__", column))


def test_the_trimmed_lists_are_the_wide_ones():
    labels = {model_admin.model._meta.label for model_admin in TRIMMED}
    assert {"sales.SalesOrder", "fleet.TransportJob", "dispatch.DispatchRequest", "guestlist.GuestVisit",
            "hr.Employee", "purchasing.PurchaseOrder"} <= labels


def test_every_column_left_off_a_list_is_on_the_record_page(every_list, superuser_client):
    missing = []
    for model_admin in TRIMMED:
        opts = model_admin.model._meta
        row = model_admin.model._default_manager.order_by("pk").first()
        assert row is not None, opts.label
        response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        assert response.status_code == 200, opts.label
        on_record = {name for _, fieldset in response.context["adminform"].fieldsets for line in fieldset["fields"]
                     for name in (line if isinstance(line, (list, tuple)) else [line])}
        shown = {_shown(column) for column in model_admin.list_display}
        for column in model_admin.export_columns:
            name = _shown(column)
            if name not in shown and name not in on_record:
                missing.append(f"{opts.label}.{name}")
    assert not missing, missing


def test_exports_keep_every_column_the_list_left_off(every_list, superuser_client):
    for model_admin in TRIMMED:
        opts = model_admin.model._meta
        response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_export", args=["csv"]))
        table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert len(table[0]) == len(model_admin.export_columns) > len(model_admin.list_display), opts.label
        assert len(table) > 1, opts.label
        assert not any("status-badge" in cell for row in table for cell in row), opts.label


def test_status_shows_as_a_coloured_badge_styled_from_a_file(every_list, superuser_client):
    body = superuser_client.get(reverse("admin:purchasing_purchaseorder_changelist")).content.decode()
    assert 'class="status-badge tone-' in body
    assert "erp/lists.css" in body
    assert "style=" not in body.split('id="result_list"')[1].split("</table>")[0]
    orders = superuser_client.get(reverse("admin:sales_salesorder_changelist")).content.decode()
    assert orders.count('class="status-badge tone-') >= 2  # payment and order status
