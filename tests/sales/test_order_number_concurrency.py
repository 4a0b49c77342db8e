"""Order numbers stay unique and gap-free when clerks create orders at the same moment (MariaDB:
real concurrent connections; SQLite serialises writers, so there is nothing to race there)."""

import pytest
from django.utils import timezone

from sales.models import SalesOrder
from sales.services import sales_order_create
from tests.showroom import factories as showroom_factories
from tests.support import run_at_once

CLERKS = 4
ORDERS_EACH = 3


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_get_distinct_consecutive_numbers(mysql_only):
    products = [[showroom_factories.product() for _ in range(ORDERS_EACH)] for _ in range(CLERKS)]

    def clerk(own_products):
        for product in own_products:
            sales_order_create(showroom_product=product, customer_name="Race", sales_person="Clerk",
                               payment_method="cash")

    outcomes = run_at_once(*[lambda own=own: clerk(own) for own in products])
    assert [repr(o) for o in outcomes if isinstance(o, Exception)] == []
    year = timezone.localdate().year
    numbers = sorted(SalesOrder.objects.values_list("order_number", flat=True))
    assert numbers == [f"SO-{year}-{n:05d}" for n in range(1, CLERKS * ORDERS_EACH + 1)]
