"""The sales order's printed document: the order as an invoice, with its payments, paid so far and balance due."""

from decimal import Decimal

from django.db.models import Sum

from erp.admin_toolkit.documents import printed_document
from erp.core.fields import ZERO

from .models import SalesOrder

CENT = Decimal("0.01")


def invoice_context(order: SalesOrder, _request) -> dict:
    transactions = list(order.transactions.order_by("created_at", "id"))
    # SQLite's SUM loses the scale: money is shown with its two decimals.
    paid = (order.transactions.aggregate(total=Sum("amount"))["total"] or ZERO).quantize(CENT)
    return {"number": order.order_number, "order": order, "transactions": transactions, "paid": paid,
            "balance": order.final_amount - paid}


INVOICE = printed_document(SalesOrder, key="invoice", label="Invoice", template="sales/documents/invoice.html",
                           context=invoice_context, filename=lambda order: f"invoice-{order.order_number}")
