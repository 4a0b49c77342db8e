"""The purchase order's printed document, to send to the supplier."""

import json

from erp.admin_toolkit.documents import printed_document
from erp.core.json_text import MAX_DEPTH, nesting_depth

from .models import PurchaseOrder


def _materials(text: str | None) -> list[str]:
    """The extra materials (JSON text) as lines: '10 × bolts' for the usual {"item", "qty"} rows."""
    if not text:
        return []
    # A legacy row may hold anything: text nested too deep for json.loads (RecursionError) is shown as is.
    if nesting_depth(text) > MAX_DEPTH:
        return [text]
    try:
        rows = json.loads(text)
    except ValueError:
        return [text]
    if not isinstance(rows, list):
        rows = [rows]
    lines = []
    for row in rows:
        if isinstance(row, dict):
            item, qty = row.get("item"), row.get("qty")
            rest = ", ".join(f"{k}: {v}" for k, v in row.items() if k not in ("item", "qty"))
            line = f"{qty} × {item}" if item is not None and qty is not None else str(item or "")
            lines.append(", ".join(part for part in (line, rest) if part))
        else:
            lines.append(str(row))
    return lines


def purchase_order_context(order: PurchaseOrder, _request) -> dict:
    return {"number": order.po_number, "order": order, "materials": _materials(order.extra_materials)}


PURCHASE_ORDER = printed_document(PurchaseOrder, key="purchase-order", label="Purchase order",
                                  template="purchasing/documents/purchase_order.html",
                                  context=purchase_order_context, filename=lambda order: order.po_number)
