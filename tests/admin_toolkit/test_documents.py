"""Printed documents (erp/admin_toolkit/documents.py): invoice with payments, gate pass with its QR code,
payslip, purchase order; each as a print page and as a PDF whose text pdftotext reads back; only for who
may view the record. The browser leg prints an invoice in Chromium and downloads its PDF.
"""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from dispatch.services import (
    gate_pass_code,
    gate_pass_from_code,
    gate_pass_issue,
)
from hr.services.payroll import payroll_create
from sales.services import sales_transaction_record_payment
from tests.admin_toolkit.browser import chromium_page
from tests.dispatch import factories as dispatch_factories
from tests.erp import factories as erp_factories
from tests.hr import factories as hr_factories
from tests.purchasing import factories as purchasing_factories
from tests.sales import factories as sales_factories
from tests.showroom import factories as showroom_factories
from tests.support import verified_login

# The browser tests' screenshots, for a person to look at (var/ is not in git).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext (poppler-utils, scripts/ensure-system-packages.sh --tests) reads it."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: scripts/ensure-system-packages.sh --tests installs poppler-utils.",
                    pytrace=False)
    assert pdf.startswith(b"%PDF-"), pdf[:40]
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return " ".join(text.split())  # one line: the layout's columns and wraps do not matter


def staff(username: str, *perms: str) -> User:
    return erp_factories.staff_with_permissions(*perms, username=username, email=f"{username}@example.com")


def urls(obj, key: str) -> tuple[str, str, str]:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    return (reverse(f"{name}_change", args=[obj.pk]), reverse(f"{name}_document", args=[obj.pk, key]),
            reverse(f"{name}_document_pdf", args=[obj.pk, key]))


@pytest.fixture
def paid_order(db):
    product = showroom_factories.product(name="Tractor T-450", sale_price=Decimal("500000.00"))
    order = sales_factories.sales_order(showroom_product=product, customer_name="Asha Kulkarni",
                                        discount_amount=Decimal("10000.00"), confirmed=True)
    sales_transaction_record_payment(sales_order=order, amount=Decimal("150000.00"), payment_method="upi",
                                     reference_number="UPI-7781")
    sales_transaction_record_payment(sales_order=order, amount=Decimal("40000.00"), payment_method="cash")
    return order


def test_invoice_lists_the_payments_paid_so_far_and_balance_due(client, paid_order, tmp_path):
    verified_login(client, staff("clerk", "sales.view_salesorder"))
    change, page, pdf = urls(paid_order, "invoice")
    record = client.get(change).content.decode()
    assert f'href="{page}"' in record and f'href="{pdf}"' in record  # buttons on the record page

    html = client.get(page)
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in html  # the print page is under the same policy as the admin
    body = html.content.decode()
    assert "<script>" not in body and "style=" not in body  # nothing inline (CSP)
    assert "erp/documents.css" in body and "erp/documents.js" in body

    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{paid_order.order_number}.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in [f"Invoice {paid_order.order_number}", "Billed to", "Asha Kulkarni", "Tractor T-450",
                     "500000.00", "-10000.00", "Total 490000.00", "UPI-7781", "150000.00", "40000.00",
                     "Paid so far 190000.00", "Balance due 300000.00"]:
        assert expected in text, (expected, text)


def test_gate_pass_has_its_code_and_a_qr_code_the_gate_can_read_back(client, db, tmp_path):
    dispatch = dispatch_factories.dispatch_request(delivery_type="self")  # ready for pickup at once
    gate_pass = gate_pass_issue(dispatch_request=dispatch, vehicle_no="MH12 AB 1234", driver_name="Sunil")
    code = gate_pass_code(gate_pass=gate_pass)
    verified_login(client, staff("guard", "dispatch.view_gatepass"))
    _change, page, pdf = urls(gate_pass, "gate-pass")
    response = client.get(page)
    html = response.content.decode()
    assert "<svg" in html and code in html  # the QR code, drawn inline, and the code under it
    # The QR code holds the gate screen's address for this pass (a phone's camera opens it there).
    qr_text = response.context["qr_text"]
    assert qr_text == f"http://testserver{reverse('gate_screen_pass')}?code={code}"
    assert gate_pass_from_code(code=qr_text) == gate_pass  # a scanner app typing the address works too

    text = pdf_text(client.get(pdf).content, tmp_path)
    for expected in [f"Gate pass #{gate_pass.pk}", code, "MH12 AB 1234", "Sunil", dispatch.party_name]:
        assert expected in text, (expected, text)
    # What the QR code and the text say finds the pass, typed sloppily too; a made-up code does not.
    assert gate_pass_from_code(code=f" {code.lower().replace('-', '')} ") == gate_pass
    forged = f"GP-{gate_pass.pk}-00000000"
    with pytest.raises(Exception, match="does not match any gate pass"):
        gate_pass_from_code(code=forged if forged != code else f"GP-{gate_pass.pk}-11111111")
    with pytest.raises(Exception, match="is not a gate pass code"):
        gate_pass_from_code(code="hello")


def test_payslip_shows_the_pay_of_the_period(client, db, tmp_path):
    employee = hr_factories.employee(first_name="Meera", last_name="Iyer", employee_id="E00042",
                                     salary=Decimal("31000.00"))
    payroll = payroll_create(employee=employee, period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31),
                             allowances=Decimal("2500.00"), deductions=Decimal("1200.00"))
    verified_login(client, staff("hr-clerk", "hr.view_payroll"))
    _change, _page, pdf = urls(payroll, "payslip")
    response = client.get(pdf)
    assert response["Content-Disposition"] == 'attachment; filename="payslip-E00042-2026-03-01.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in ["Payslip E00042 2026-03", "Meera Iyer", "E00042", "Production", "1 Mar 2026", "31 Mar 2026",
                     "Allowances 2500.00", "Deductions -1200.00", f"Net pay {payroll.net_salary}"]:
        assert expected in text, (expected, text)


def test_purchase_order_lists_requirements_materials_and_total(client, db, tmp_path):
    order = purchasing_factories.purchase_order(
        po_number="PO-2026-0007", supplier_name="Steel Ltd", supplier_contact="9822000000",
        requirements="10 t sheet steel", total_amount=Decimal("820000.00"), payment_terms="net_30",
        extra_materials='[{"item": "bolts", "qty": 500}, {"item": "paint", "qty": 20, "colour": "red"}]')
    verified_login(client, staff("buyer", "purchasing.view_purchaseorder"))
    _change, _page, pdf = urls(order, "purchase-order")
    response = client.get(pdf)
    assert response["Content-Disposition"] == 'attachment; filename="PO-2026-0007.pdf"'
    text = pdf_text(response.content, tmp_path)
    for expected in ["Purchase order PO-2026-0007", "Steel Ltd", "9822000000", "10 t sheet steel", "500 × bolts",
                     "20 × paint, colour: red", "Net 30", "Total amount 820000.00", "Pending approval"]:
        assert expected in text, (expected, text)


def test_purchase_order_with_legacy_materials_nested_too_deep_is_printed_as_stored(client, db):
    """Adopted rows never went through the form's bounds: json.loads gave up (RecursionError, a 500)."""
    from purchasing.models import PurchaseOrder

    order = purchasing_factories.purchase_order(po_number="PO-2019-0001", supplier_name="Steel Ltd")
    nested = "[" * 100_000 + "]" * 100_000
    PurchaseOrder.objects.filter(pk=order.pk).update(extra_materials=nested)
    verified_login(client, staff("buyer", "purchasing.view_purchaseorder"))
    _change, page, _pdf = urls(order, "purchase-order")
    response = client.get(page)
    assert response.status_code == 200 and nested in response.content.decode()


def test_only_who_may_view_the_record_gets_its_documents(client, paid_order, db):
    payroll = payroll_create(employee=hr_factories.employee(), period_start=dt.date(2026, 3, 1),
                             period_end=dt.date(2026, 3, 31))
    verified_login(client, staff("sales-only", "sales.view_salesorder"))
    _change, payslip_page, payslip_pdf = urls(payroll, "payslip")
    assert client.get(payslip_page).status_code == 403  # a sales clerk sees no payslip
    assert client.get(payslip_pdf).status_code == 403
    _change, _page, invoice_pdf = urls(paid_order, "invoice")
    assert client.get(invoice_pdf).status_code == 200
    # An unknown document or record is a 404, not an error page.
    assert client.get(reverse("admin:sales_salesorder_document", args=[paid_order.pk, "receipt"])).status_code == 404
    assert client.get(reverse("admin:sales_salesorder_document", args=[999999, "invoice"])).status_code == 404
    client.logout()
    response = client.get(invoice_pdf)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]  # anonymous: the login page


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_invoice_printed_from_the_record_page_in_chromium(live_server, monkeypatch, tmp_path):
    from tests.admin_toolkit.test_browser import log_in, make_user

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    product = showroom_factories.product(name="Harvester H-9", sale_price=Decimal("900000.00"))
    order = sales_factories.sales_order(showroom_product=product, customer_name="Ravi Patil", confirmed=True)
    sales_transaction_record_payment(sales_order=order, amount=Decimal("100000.00"), payment_method="cash")
    password = make_user("printer", perms=["sales.view_salesorder"])
    with chromium_page() as page:
        log_in(page, live_server.url, "printer", password)
        page.goto(f"{live_server.url}/admin/sales/salesorder/{order.pk}/change/")
        page.click("a.print-link[data-document=invoice]")
        page.wait_for_selector("body.document-invoice")
        assert "Balance due" in page.inner_text("main") and "800000.00" in page.inner_text("main")
        # The print styles hide the screen's buttons on paper.
        assert page.locator("nav.screen-only").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("nav.screen-only").is_visible()
        page.emulate_media(media="screen")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "invoice.png"), full_page=True)
        with page.expect_download() as download:
            page.click("nav a.pdf-link")
        assert download.value.suggested_filename == f"invoice-{order.order_number}.pdf"
        text = pdf_text(open(download.value.path(), "rb").read(), tmp_path)
    for expected in [f"Invoice {order.order_number}", "Ravi Patil", "Harvester H-9", "Paid so far 100000.00",
                     "Balance due 800000.00"]:
        assert expected in text, (expected, text)
