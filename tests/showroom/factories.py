"""Showroom rows for tests."""

import itertools
from decimal import Decimal

from showroom.models import ShowroomProduct

_sequence = itertools.count(1)


def product(**fields) -> ShowroomProduct:
    values = {
        "name": f"Power Tiller T-{next(_sequence)}",
        "category": "tiller",
        "cost_price": Decimal("80000.00"),
        "sale_price": Decimal("100000.00"),
        "quantity": 1,
    }
    values.update(fields)
    return ShowroomProduct.objects.create(**values)
