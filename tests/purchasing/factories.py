"""Purchasing rows for tests."""

import itertools

from purchasing.models import PurchaseOrder

_seq = itertools.count(1)


def purchase_order(**fields) -> PurchaseOrder:
    n = next(_seq)
    values = {"po_number": f"PO-2000-{n:04d}", "supplier_name": "Steel Ltd", "requirements": "10 t steel",
              "original_requirements": "10 t steel"}
    values.update(fields)
    return PurchaseOrder.objects.create(**values)
