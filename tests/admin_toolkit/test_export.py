"""Changelist export: the filtered, searched rows exactly, as CSV (streamed) and Excel, for those allowed to view."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from purchasing.models import PurchaseOrder
from tests.support import verified_login

CHANGELIST = reverse("admin:purchasing_purchaseorder_changelist")
QUERY = "?status__exact=pending&q=steel"
HEADERS = ["PO number", "Supplier name", "Total amount", "Status", "Payment terms", "Expected delivery",
           "Requested by", "Approved by"]


def export_url(fmt: str) -> str:
    return reverse("admin:purchasing_purchaseorder_export", args=[fmt])


@pytest.fixture
def orders(db):
    rows = [
        ("PO-1", "Steel & Co", "pending", "1200.50"),
        ("PO-2", "Steel & Co", "approved", "10.00"),  # filtered out by status
        ("PO-3", "=HYPERLINK(\"http://x\")steel", "pending", "0.00"),  # a formula in disguise
        ("PO-4", "Bolts Ltd", "pending", "99.99"),  # filtered out by search
        ("PO-5", "Iron 🚜 Wörks", "pending", "5.00"),  # filtered out by search
        ("PO-6", "steel mills", "pending", "7.25"),
        # Formulas behind leading whitespace, which spreadsheet programs skip.
        ("PO-7", " =1+1 steel", "pending", "1.00"),
        ("PO-8", "\n@SUM(A1) steel", "pending", "1.00"),
        ("PO-9", "\t steel", "pending", "1.00"),
        ("PO-10", "  -2+3 steel", "pending", "1.00"),
        ("PO-11", "\u3000+1 steel", "pending", "1.00"),
    ]
    for number, supplier, status, amount in rows:
        PurchaseOrder.objects.create(po_number=number, supplier_name=supplier, status=status,
                                     total_amount=Decimal(amount), payment_terms="net_30")
    return rows


@pytest.fixture
def buyer_client(client, orders, group_user):
    verified_login(client, group_user("Purchasing", username="buyer-x"))
    return client


def expected_numbers(client) -> list[str]:
    """What the changelist itself shows for the same query, in its order."""
    page = client.get(CHANGELIST + QUERY)
    return [obj.po_number for obj in page.context["cl"].result_list]


def test_csv_export_is_streamed_and_holds_exactly_the_filtered_rows(buyer_client):
    response = buyer_client.get(export_url("csv") + QUERY)
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == HEADERS
    body = table[1:]
    assert [row[0] for row in body] == expected_numbers(buyer_client)
    assert set(expected_numbers(buyer_client)) == {"PO-1", "PO-3", "PO-6", "PO-7", "PO-8", "PO-9", "PO-10", "PO-11"}
    by_number = {row[0]: row for row in body}
    assert by_number["PO-1"][1:6] == ["Steel & Co", "1200.50", "Pending approval", "Net 30", ""]
    # A text cell that a spreadsheet would run as a formula is defused.
    assert by_number["PO-3"][1] == "'=HYPERLINK(\"http://x\")steel"
    # Also after leading spaces and line breaks (and a leading tab is never left first).
    for number in ("PO-7", "PO-8", "PO-9", "PO-10", "PO-11"):
        supplier = PurchaseOrder.objects.get(po_number=number).supplier_name
        assert by_number[number][1] == "'" + supplier, number
    assert by_number["PO-6"][1] == "steel mills"  # plain text is left alone


def test_xlsx_export_holds_exactly_the_filtered_rows_with_real_types(buyer_client):
    response = buyer_client.get(export_url("xlsx") + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == HEADERS
    body = table[1:]
    assert [row[0] for row in body] == expected_numbers(buyer_client)
    assert {"PO-1", "PO-3", "PO-6"} <= set(expected_numbers(buyer_client))
    by_number = {row[0]: row for row in body}
    assert Decimal(str(by_number["PO-1"][2])) == Decimal("1200.50")
    assert by_number["PO-1"][3] == "Pending approval"
    # Stored as text, so Excel shows it and does not evaluate it.
    assert by_number["PO-3"][1] == "=HYPERLINK(\"http://x\")steel"


def test_unfiltered_export_holds_every_row(buyer_client, orders):
    text = b"".join(buyer_client.get(export_url("csv")).streaming_content).decode("utf-8-sig")
    numbers = {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}
    assert numbers == {number for number, *_ in orders}
    assert "Iron 🚜 Wörks" in text


def test_changelist_offers_export_links_carrying_its_filters(buyer_client):
    page = buyer_client.get(CHANGELIST + QUERY + "&p=1").content.decode()
    for fmt in ("csv", "xlsx"):
        assert f'href="{export_url(fmt)}?status__exact=pending&amp;q=steel"' in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_needs_view_permission_on_the_model(client, orders, fmt, group_user):
    verified_login(client, group_user("Gate", username="guard-x"))
    assert client.get(export_url(fmt)).status_code == 403
    client.logout()
    response = client.get(export_url(fmt))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_unknown_format_and_bad_filter_are_refused_cleanly(buyer_client):
    assert buyer_client.get(export_url("pdf")).status_code == 404
    response = buyer_client.get(export_url("csv") + "?no_such_field=1")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_read_in_small_chunks_keep_the_changelist_order(buyer_client, monkeypatch, fmt):
    from erp.admin_toolkit.export import ExportAdminMixin

    monkeypatch.setattr(ExportAdminMixin, "export_chunk_size", 2)
    for i in range(7):
        PurchaseOrder.objects.create(po_number=f"PO-C-{i}", supplier_name=f"Chunk steel {i % 3}")
    query = "?q=chunk&o=2.-1"  # by supplier, then PO number descending
    expected = [obj.po_number for obj in buyer_client.get(CHANGELIST + query).context["cl"].result_list]
    body = b"".join(buyer_client.get(export_url(fmt) + query).streaming_content)
    if fmt == "csv":
        numbers = [row[0] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    else:
        numbers = [row[0] for row in load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(
            min_row=2, values_only=True)]
    assert numbers == expected and len(numbers) == 7


@pytest.mark.django_db
def test_each_module_list_shows_each_export_button_once(client, superuser):
    from django.conf import settings
    from django.contrib import admin

    verified_login(client, superuser)
    models = [model for model in admin.site._registry if model._meta.app_label in settings.MODULE_APPS]
    assert len(models) > 10
    for model in models:
        page = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        html = page.content.decode()
        counts = [html.count(">Export CSV<"), html.count(">Export Excel<")]
        assert counts == [1, 1], (model._meta.label, counts)


@pytest.mark.django_db
def test_change_page_buttons_appear_once(client, superuser):
    from tests.dispatch import factories as dispatch_factories

    verified_login(client, superuser)
    dispatch = dispatch_factories.dispatch_request(delivery_type="transport")
    order_page = client.get(reverse("admin:sales_salesorder_change", args=[dispatch.sales_order.pk])).content.decode()
    dispatch_page = client.get(reverse("admin:dispatch_dispatchrequest_change", args=[dispatch.pk])).content.decode()
    for page, buttons in ((order_page, ["Record payment or refund", 'data-step="dispatch_order"', ">History<"]),
                          (dispatch_page, ['data-step="request_transport"', ">History<"])):
        assert [page.count(button) for button in buttons] == [1] * len(buttons), buttons
